import { describe, expect, it } from 'vitest'
import { BUILTIN_RULES, compileRuleSet, scanBytes } from '../../../src/core/scan/engine/index.js'

// Issue 10: precision of the generic rules on what users reported, recall on documented
// credential shapes, and masks that stay one clean token per finding.

const ruleSet = compileRuleSet(BUILTIN_RULES)
const scan = (text: string, path = 'notes.txt') => scanBytes(Buffer.from(text), path, ruleSet)
const ids = (text: string, path?: string) => scan(text, path).map((f) => f.ruleId)

// Test values are assembled from parts so the repository's self-scan stays clean.
const B62 = 'Qw7Rt2Yp9Uk4Xz6Nv1Mb8Lc3Jh5Gf0Ds'
const HEX64 = '3c9e1f7a5b2d8c4e6f0a9b3d7e1c5f8a2b6d4e0c9f3a7b1d5e8c2f6a0b4d9e7c'
const UUID_KEY = ['1c73ff35-2415', '4c58-8712-3d24f00cbe2a'].join('-')
const AZURITE = [
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq',
  '/K1SZFPTOtr/KBHBeksoGMGw==',
]

describe('generic rule: not credentials', () => {
  it.each([
    ['"output_token": "NextMarker"', 'botocore paginator marker'],
    ['"output_token": "Contents[-1].Key || NextMarker"', 'botocore paginator expression'],
    ['"input_token": "NextContinuationToken"', 'pagination token name'],
    ['aws cognito-idp set-user-mfa-preference --software-token-mfa-settings Enabled=true', 'flag value'],
    ['image_token: "https://cdn.example.com/img/a8f3b2c9d1e4f5a6.png"', 'image URL'],
    [`token_digest = "sha256:${HEX64}"`, 'sha256 digest'],
    ['api_key_version = "2.14.3-beta.1+b7f3a2c"', 'version string'],
    ['correlationToken: "c7148470-2e17-46e0-89ac-f01312464f01"', 'correlation id'],
    [`storage_account_key: ${AZURITE.join('')}`, 'Azurite development key'],
    [`conn = "AccountName=devstoreaccount1;AccountKey=${AZURITE.join('')}"`, 'Azurite connection string'],
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AWS SDK example key'],
    [`github_token = "ghp_${B62}aBcD"`, 'GitHub prefix, checksum fails'],
    [`npm_token = "npm_${B62}aBcD"`, 'npm prefix, checksum fails'],
    [`slack token - 'xoxb-65677559833?${B62.slice(0, 14)}'`, 'corrupted token: `?` is no token character'],
    [
      `{"auths": {"r.example.org": {"auth": "${Buffer.from('user:password').toString('base64')}"}}}`,
      'docker placeholder',
    ],
    ['sort_key = "Zq8Lp3Wn6Tb1Rv9Xc4Mk"', 'database key name'],
  ])('ignores %j (%s)', (text) => {
    expect(ids(text)).toEqual([])
  })
})

describe('generic rule: credentials in the shapes real files use', () => {
  it.each([
    [`deploy token - '${B62}'`, 'spaced dash in notes'],
    [`stripeKey := "${B62}"`, 'name ending in Key'],
    [`[DEBUG] Using Key=${B62}`, 'bare Key in a log line'],
    [`opsgenie_api_key = "${UUID_KEY}"`, 'UUID-format API key'],
    [`webhook_secret: "${HEX64}"`, '256-bit hex secret'],
    [`api_token: "Bearer ${B62}"`, 'auth scheme inside the value'],
    [`<secret>{AQAAABAAAAAQ ${B62}}</secret>`, 'wrapped XML element text'],
    [`url = "https://api.example.org/v1/items?api_key=${B62}&limit=5"`, 'URL query parameter'],
    [`curl -u deploy:${B62.slice(0, 18)} https://ci.example.org/api`, 'curl -u user:password'],
  ])('reports %j (%s)', (text) => {
    expect(ids(text).length).toBeGreaterThan(0)
  })

  it('reports the credential alone: no quotes, spaces or auth scheme in the finding', () => {
    const [finding] = scan(`api_token: " Bearer ${B62} "`)
    expect(finding?.secret).toBe(B62)
    const [quoted] = scan(`api_token = '${B62}'`)
    expect(quoted?.secret).toBe(B62)
    expect(quoted?.column).toBe(`api_token = '`.length + 1)
  })
})

describe('masks', () => {
  const CLEAN_MASK = /^\*{4}[^\s"'`()[\]{}<>]{0,4}$/
  const key = `-----BEGIN RSA PRIVATE KEY-----\n${`${B62}${B62}\n`.repeat(6)}-----END RSA PRIVATE KEY-----\n`

  it.each([
    [`password = "${B62.slice(0, 18)}In0"`],
    [`secret: '${B62}'`],
    [`token = "${B62}"]`],
    [`{"client_secret": "${B62}"}`],
    [key],
    [`<password>${B62}</password>`],
  ])('never include quotes, brackets or line breaks: %j', (text) => {
    const findings = scan(text)
    expect(findings.length).toBeGreaterThan(0)
    for (const f of findings) {
      expect(f.redacted).toMatch(CLEAN_MASK)
      expect(f.secret).not.toMatch(/^["'`[{(]|["'`\]})]$/)
    }
  })
})
