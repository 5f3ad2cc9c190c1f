import { describe, expect, it } from 'vitest'
import {
  BUILTIN_RULES,
  compileRuleSet,
  scanBytes,
  base62,
  crc32,
  hasTokenChecksum,
  withTokenChecksum,
  buildKeywordIndex,
  shannonEntropy,
} from '../../../src/core/scan/engine/index.js'

const ruleSet = compileRuleSet(BUILTIN_RULES)
const scan = (text: string, path = 'src/app.ts') => scanBytes(Buffer.from(text), path, ruleSet)
const ids = (text: string, path?: string) => scan(text, path).map((f) => f.ruleId)

// Fresh tokens with valid checksums, assembled at run time so this file holds no secrets.
const GHP = withTokenChecksum('ghp_', 'Zq8R2mVt5Kc9Lw3Nx7Pb1Hd6Fj4Gs0')
const SLACK = ['xoxb', '482910375561', '5839201746639', 'Q8rT2mVx5Kc9Lw3Nz7Pb1Hd6'].join('-')

describe('checksums', () => {
  it.each([
    ['', 0],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ])('crc32(%j) = %i', (text, expected) => expect(crc32(text)).toBe(expected))

  it.each([
    [0, 6, '000000'],
    [61, 2, '0z'],
    [62, 1, '10'],
  ])('base62(%i, %i) = %s', (value, width, expected) => expect(base62(value, width)).toBe(expected))

  it('accepts a GitHub token with its checksum and rejects one character changed', () => {
    expect(hasTokenChecksum(GHP, 'ghp_')).toBe(true)
    const broken = `${GHP.slice(0, 10)}${GHP[10] === 'a' ? 'b' : 'a'}${GHP.slice(11)}`
    expect(hasTokenChecksum(broken, 'ghp_')).toBe(false)
  })
})

describe('keyword index', () => {
  it.each([
    ['xx GHP_ yy', ['ghp_']],
    ['no keywords here', []],
    ['akiaakia', ['akia', 'akia']],
    ['sk_live_ and xoxb-', ['sk_live_', 'xoxb-']],
    ['passwordtoken', ['pass', 'password', 'token']],
  ])('finds keywords in %j', (text, expected) => {
    const index = buildKeywordIndex(['ghp_', 'akia', 'sk_live_', 'xoxb-', 'pass', 'password', 'token'])
    const found: string[] = []
    index.search(Buffer.from(text), (k) => found.push(index.keywords[k] as string))
    expect(found.sort()).toEqual([...expected].sort())
  })
})

describe('entropy', () => {
  it.each([
    ['aaaaaaaa', 0],
    ['abababab', 1],
    ['abcdefgh', 3],
  ])('shannonEntropy(%j) = %d', (text, bits) => expect(shannonEntropy(text)).toBeCloseTo(bits))
})

describe('positions and redaction', () => {
  it('reports 1-based line and column of the secret, redacted', () => {
    const [finding] = scan(`line one\n  const t = "${GHP}"\n`)
    expect(finding).toMatchObject({
      ruleId: 'github-pat',
      line: 2,
      column: 14,
      redacted: `****${GHP.slice(-4)}`,
    })
    expect(finding?.endColumn).toBe(14 + GHP.length)
  })

  it('counts columns in characters after multi-byte text', () => {
    const [finding] = scan(`const é = "ü"; const t = "${GHP}"`)
    expect(finding?.column).toBe(`const é = "ü"; const t = "`.length + 1)
  })

  it('gives the same fingerprint for the same secret on another line, another for another path', () => {
    const a = scan(`t = "${GHP}"`)[0]
    const b = scan(`\n\n t = "${GHP}"`)[0]
    const c = scan(`t = "${GHP}"`, 'other.ts')[0]
    expect(a?.fingerprint).toBe(b?.fingerprint)
    expect(a?.fingerprint).not.toBe(c?.fingerprint)
    expect(a?.fingerprint).not.toContain(GHP.slice(4, 12))
  })

  it('prefers the specific rule over the generic one on the same span', () => {
    expect(ids(`GITHUB_TOKEN="${GHP}"`)).toEqual(['github-pat'])
    expect(ids(`slack_token: ${SLACK}`)).toEqual(['slack-bot-token'])
  })

  it('handles windows on very long (minified) lines', () => {
    const text = `${'var a=1;'.repeat(5000)}t="${GHP}";${'var b=2;'.repeat(5000)}`
    const [finding] = scan(text)
    expect(finding?.column).toBe('var a=1;'.length * 5000 + 4)
  })
})

describe('suppression and hard negatives', () => {
  it.each([
    [`t = "${GHP}" // secrets:allow`, 'inline allow comment'],
    [`t = "${GHP}" # secrets:allow false positive`, 'inline allow with a reason'],
    ['id = "AKIAIOSFODNN7EXAMPLE"', 'documented AWS example key id'],
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'documented AWS example secret'],
    ['password = "changeme"', 'placeholder'],
    ['api_key = "xxxxxxxxxxxxxxxxxxxxxxxx"', 'filler'],
    ['token: <your-token>', 'angle placeholder'],
    ['token = "${GITHUB_TOKEN}"', 'template variable'],
    ['const token = process.env.GITHUB_TOKEN', 'process.env reference'],
    ['password = os.environ["DB_PASSWORD"]', 'os.environ reference'],
    ['secret_key = os.getenv("SECRET_KEY")', 'os.getenv reference'],
    ['request_token = "3f2b1c9e-8a7d-4e6f-9b0a-1c2d3e4f5a6b"', 'UUID'],
    ['commit_token = "9fceb02d0ae598e95dc970b74767f19372d61af8"', 'git SHA'],
    ['api_key_sha1 = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"', 'SHA-1 under a digest name'],
    ['token_hash = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"', 'SHA-1 under a hash name'],
    [
      '"integrity": "sha512-Fq6xJ4VJ8j2vxBf1k0xFhzUIgzhYk0n4rX1k2aHr0k7mJcH9Q1t3Zx+Yl2S0tA9B7mC6pD1wE8fGhIj2kL3mN4o=="',
      'lockfile integrity',
    ],
    [
      'img = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkAKIAAAGHAIOdS3ImAAAAAElFTkSuQmCC"',
      'base64 image',
    ],
    ['password: ${{ secrets.DB_PASSWORD }}', 'GitHub Actions expression'],
    ['password = settings.DATABASE_PASSWORD', 'settings reference'],
    ['token_url = "https://oauth2.googleapis.com/token"', 'metadata name (url)'],
    ['max_tokens = 4096', 'numeric metadata'],
    ['password_field = "password_input_field"', 'metadata name (field)'],
    ['tokenizer = "bert-base-uncased"', 'tokenizer name'],
    ['public_key = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1L"', 'public key'],
    ['password = getPassword()', 'function call'],
    ['password: "Enter your password here"', 'prose'],
    ['DB_PASSWORD=', 'empty value'],
    ['password = "hunter"', 'too short'],
    ['api_key = "fooBarBaz"', 'identifier-shaped value'],
    ['secret = "AbcdEfgh"', 'camel case word value'],
    ['lint --secretlintrc bench/.work/secretlintrc.json', 'flag whose value is a file path'],
    ['exports.getSSOTokenFilepath = getSSOTokenFilepath;', 'bare identifier in code'],
    ['const X_AWS_EC2_METADATA_TOKEN = "x-aws-ec2-metadata-token";', 'value restating the name'],
    ['const ENV_AUTH_TOKEN = "AWS_CONTAINER_AUTHORIZATION_TOKEN";', 'an environment variable name'],
    ['NextContinuationToken: "1w41l63U0xa8q7smH50vCxyTQqdxo69O3EmK28Bi5PcROI4wI",', 'pagination token'],
    ['PasswordLastUsed: "2016-09-08T21:47:36Z",', 'timestamp metadata'],
    ['lastSignificantToken = "?NonExpressionParenEnd";', 'identifier in disguise'],
    ['var password_1 = require("@inquirer/password");', 'require call'],
    ['"parser_expected_token_1007": "分析器预期在此处找到标记",', 'non-ASCII prose'],
    ['tool --secret-file $work/secrets.json', 'shell variable path'],
    ["  'generic-secret': '(?i)(?:pass|pwd)[\\w.-]{0,20}\\s{0,4}[:=]',", 'a regex source'],
  ])('ignores %j (%s)', (text) => {
    expect(ids(text)).toEqual([])
  })

  it('ignores generic matches in lockfiles but not specific tokens', () => {
    expect(ids('  "api_key": "Zq8R2mVt5Kc9Lw3Nx7Pb1Hd6Fj4Gs0Yy",', 'package-lock.json')).toEqual([]) // secrets:allow (lockfile case)
    expect(ids(`"t": "${GHP}"`, 'package-lock.json')).toEqual(['github-pat'])
  })
})

/** Bare values are literals in config formats and expressions in code: the path decides. */
const PATHS: Record<string, string> = {
  yaml: 'deploy/values.yaml',
  '.env': '.env',
  properties: 'app.properties',
  'dockerfile ENV with space': 'Dockerfile',
  'dockerfile ARG': 'Dockerfile',
}

describe('generic secrets across formats', () => {
  const value = 'Zq8R2mVt5Kc9Lw3Nx7Pb1Hd6'
  const password = 'p4ssW0rd!2024x' // secrets:allow (test value)
  it.each([
    [`api_key = "${value}"`, 'python'],
    [`const apiKey = '${value}';`, 'javascript'],
    [`apiToken := "${value}"`, 'go'],
    [`"client_secret": "${value}",`, 'json'],
    [`  secret_key: ${value}`, 'yaml'],
    [`API_TOKEN=${value}`, '.env'],
    [`export AUTH_TOKEN="${value}"`, 'shell'],
    [`app.secret.key=${value}`, 'properties'],
    [`  password = "${password}"`, 'terraform'],
    [`ENV SERVICE_TOKEN ${value}`, 'dockerfile ENV with space'],
    [`ARG NPM_TOKEN=${value}`, 'dockerfile ARG'],
    [`:secret_token => "${value}",`, 'ruby hash rocket'],
    [`$db_password = '${password}';`, 'php'],
    [`<password>${password}</password>`, 'xml'],
    [`deploy --api-token ${value}`, 'cli flag'],
    [`private static final String PASSWORD = "${password}";`, 'java'],
    // 40 hex under a key name: many services' keys (Weights & Biases, …) have this shape.
    [`WANDB_API_KEY=${'7c3f9a1e5b2d8046f1a9c7e3b5d2f8a04c6e1b97'}`, '.env'],
  ])('finds %j (%s)', (text, format) => {
    expect(scan(text, PATHS[format] ?? 'src/app.ts').length).toBe(1)
  })
})

describe('multi-line and paired rules', () => {
  it('pairs an AWS secret key with a nearby access key id', () => {
    const keyId = ['AKIA', 'Q3EGRIVQ7TZMH5XK'].join('')
    const secret = ['k7Qp2', 'Vx9mRt4Lw8Nz3Bc6Hd1Fj5Gs0Yy2Ua7Ei4W'].join('')
    const text = `[default]\naws_access_key_id = ${keyId}\nsomething = ${secret}\n`
    expect(ids(text).sort()).toEqual(['aws-access-key-id', 'aws-secret-access-key'])
    expect(ids(`something = ${secret}\n`)).toEqual([])
  })
})
