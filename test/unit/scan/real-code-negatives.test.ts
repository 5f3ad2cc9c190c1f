import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { B62, HEX, ruleIds } from '../../helpers/scan-values.js'

// Shapes that published code (cfn-lint's schema tables, botocore and awscli examples, typeshed
// stubs) put under names the generic rules used to read as secret names, and the secrets that
// must stay reported beside them. Values: SHA-256 in counter mode, no literal token here.
let counter = 0
const token = (length: number, alphabet = B62) => {
  let out = ''
  while (out.length < length)
    for (const byte of createHash('sha256').update(`real-${counter++}`).digest())
      if (byte < 256 - (256 % alphabet.length) && out.length < length) out += alphabet[byte % alphabet.length]
  return out
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
  ])('%s', (_label, line) => expect(ruleIds(`${line}\n`)).toEqual([]))

  it.each([
    ['a type stub annotation', 'hpke.pyi', '    x25519_key: x25519.X25519PrivateKey,'],
    [
      'a source map of module paths',
      'index.js.map',
      '{"sources":["src/token-predicate.mjs","src/get-function-head-location.mjs"]}',
    ],
    ['an archive name under a key', 'revisions.json', '"key": "WordPress_App_2-0.zip",'],
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
      `widget_token = "${token(14, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')}"`,
    ],
    ['a GitLab token after its fixed user name', `deploy_token = "oauth2:${token(40, HEX)}"`],
    ['a GitHub App token after x-access-token', `push_token: "x-access-token:${token(36)}"`],
  ])('%s', (_label, line) => expect(ruleIds(`${line}\n`).length).toBeGreaterThan(0))
})
