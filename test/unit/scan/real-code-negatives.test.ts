import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { B62, HEX, ruleIds } from '../../helpers/scan-values.js'

// Shapes that published code (cfn-lint's schema tables, botocore and awscli examples, typeshed
// stubs) put under names the generic rules used to read as secret names, and the secrets that
// must stay reported beside them. Values: SHA-256 in counter mode, no literal token here.
/** `length` characters of `alphabet` from SHA-256 digests of the inputs `next` names. */
const fromDigests = (next: () => string, length: number, alphabet: string) => {
  let out = ''
  while (out.length < length)
    for (const byte of createHash('sha256').update(next()).digest())
      if (byte < 256 - (256 % alphabet.length) && out.length < length) out += alphabet[byte % alphabet.length]
  return out
}
let counter = 0
const token = (length: number, alphabet = B62) => fromDigests(() => `real-${counter++}`, length, alphabet)
/** A value of its own seed, so that cases added above do not change it. */
const seeded = (seed: string, length: number, alphabet = B62) => {
  let i = 0
  return fromDigests(() => `${seed}-${i++}`, length, alphabet)
}
const uuid = () => {
  const h = token(32, HEX)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`
}

describe('not secrets: names that only look like secret names', () => {
  it.each([
    ['a CloudFormation resource-type table', `    "AWS::IAM::AccessKey": "${token(16, HEX)}",`],
    ['an *Association resource type', `    "AWS::EC2::EIPAssociation": "${token(16, HEX)}",`],
    ['a type annotation whose name starts with "passed"', `    passedThroughNonGreedyDecision: ${token(20)}`],
    ['a placeholder after a Git user name', 'deploy_token = "oauth2:changeme"'],
    ['a camelCase name under a token name', 'auth_token = "getAccessTokenFromCache"'],
    ['a PascalCase name under a key name', 'api_key = "ProductionDatabaseKey"'],
    ['a mixed-case word under a secret name', 'client_secret = "ClientSecretValue"'],
    ['a bypass flag', `bypass_cache = "${token(24)}"`],
    ['a passport number field', `passport = "${token(9, '0123456789ABCDEFGHJKLMNPRSTUVWXYZ')}"`],
    ['a WAF change token', `"ChangeToken": "${uuid()}",`],
    ['a WAFv2 lock token', `"LockToken": "${uuid()}",`],
    ['an idempotency client token', `"ClientToken": "${uuid()}"`],
    ['a client request token', `--client-request-token ${uuid()}`],
    ['an Auto Scaling lifecycle action token', `"LifecycleActionToken": "${uuid()}",`],
    [
      "an ARN's secret:name segment",
      `"ARN": "arn:aws:secretsmanager:us-west-2:123456789012:secret:Db${token(6)}-${token(6, HEX)}",`,
    ],
    ['a URN segment', `"id": "urn:acme:token:${token(20)}"`],
    ['an ARN in the China partition', `"IAMUserChangePassword": "arn:aws-cn:iam::aws:policy/${token(16)}",`],
    ['an ARN in GovCloud', `db_password: arn:aws-us-gov:secretsmanager:us-gov-west-1:1:secret:${token(16)}`],
    ['a pagination result key', '"result_key": "DBClusterAutomatedBackups"'],
    ['a versioned PascalCase name', '"result_key": "ServerlessV2PlatformVersions"'],
    ['a CloudWatch Logs sequence token', `--sequence-token "${token(40, '0123456789')}"`],
    ['a starting token', `--starting-token ${token(40)}`],
    ['a resume token', `"resumeToken": "${token(32)}"`],
    ['a flag that reads the password from stdin', 'docker login --password-stdin registry.example.com'],
    ['a secrets service name as a key', `"alias/aws/secretsmanager": "${uuid()}",`],
    ['a token manager', `tokenManager = "${token(24)}"`],
    [
      'what was taken from a token',
      `"SubjectFromWebIdentityToken": "amzn1.account.${token(28).toUpperCase()}",`,
    ],
    ['a token signature', `--token-signature "${token(64)}"`],
    ['the RFC 6749 example access token', '"access_token":"2YotnFZFEjr1zCsicMWpAA",'],
    ['the RFC 6749 example Basic header', 'Authorization: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW'],
    ['the RFC 5849 example consumer key', 'oauth_consumer_key="0685bd9184jfhq22",'],
  ])('%s', (_label, line) => expect(ruleIds(`${line}\n`)).toEqual([]))

  it.each([
    ['a type stub annotation', 'hpke.pyi', '    x25519_key: x25519.X25519PrivateKey,'],
    [
      'a source map of module paths',
      'index.js.map',
      '{"sources":["src/token-predicate.mjs","src/get-function-head-location.mjs"]}',
    ],
    ['an archive name under a key', 'revisions.json', '"key": "WordPress_App_2-0.zip",'],
    ['a getpass prompt', 'register.py', `data['confirm'] = getpass.getpass(' Confirm: ')`],
    ['a prompt for a token', 'login.py', `token = prompt("Your token: ")`],
    [
      'a bundler dunder name',
      'runner.js',
      'export const ssrDynamicImportKey = "__vite_ssr_dynamic_import__";',
    ],
  ])('%s', (_label, path, line) => expect(ruleIds(`${line}\n`, path)).toEqual([]))
})

describe('still secrets', () => {
  it.each([
    ['DB_PASS', `DB_PASS=${token(14)}`],
    ['a lower-case joined adminpass', `adminpass = "${token(14)}"`],
    ['a passcode', `passcode: "${token(12)}"`],
    ['passwords, plural', `"passwords": "${token(16)}"`],
    ['adminPasswordValue', `adminPasswordValue = "${token(16)}"`],
    ['a client secret', `client_secret = "${token(32)}"`],
    ['a session token', `"SessionToken": "${token(40)}"`],
    ['a Ruby symbol key', `:api_key => "${token(32)}"`],
    [
      'a 14-letter token with no digit',
      `widget_token = "${seeded('letters', 14, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')}"`,
    ],
    ['a GitLab token after its fixed user name', `deploy_token = "oauth2:${token(40, HEX)}"`],
    ['a GitHub App token after x-access-token', `push_token: "x-access-token:${token(36)}"`],
    ['a PowerShell environment assignment', `$env:API_TOKEN = "${token(32)}"`],
    ['PowerShell, upper-case Env', `$Env:DB_PASSWORD = "${token(14)}"`],
    ['a JSON key after a colon-free brace', `{"token":"${token(32)}"}`],
    ['an SSM parameter path as a key', `"/app/prod/db_password": "${token(14)}"`],
    ['a secret taken from a vault', `secretFromVault = "${token(32)}"`],
    ['a password from an admin, hard-coded', `passwordFromAdmin = "${token(14)}"`],
  ])('%s', (_label, line) => expect(ruleIds(`${line}\n`).length).toBeGreaterThan(0))
})
