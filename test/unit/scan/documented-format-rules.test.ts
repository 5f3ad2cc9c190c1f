import { describe, expect, it } from 'vitest'
import { BUILTIN_RULES, compileRuleSet, scanBytes, scanFile } from '../../../src/core/scan/engine/index.js'
import { isPkcs12 } from '../../../src/core/scan/engine/rules/container-rules.js'

// Issue 10 item 1: the rules for Azure identifiable keys, chat webhooks, Opsgenie, Algolia and
// PKCS #12 key stores: what each one must report, and the look-alikes it must leave alone.

const ruleSet = compileRuleSet(BUILTIN_RULES)
const ids = (text: string) => scanBytes(Buffer.from(text), 'notes.txt', ruleSet).map((f) => f.ruleId)

// Values are generated at run time (a fixed pseudo-random walk over the alphabet), so the
// repository's self-scan sees no token in this file.
function random(alphabet: string, length: number, seed: number): string {
  let out = ''
  let x = seed
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648
    out += alphabet[(x >>> 16) % alphabet.length]
  }
  return out
}
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const HEX = '0123456789abcdef'
const B32 = 'abcdefghijklmnopqrstuvwxyz234567'
const uuid = (seed: number) =>
  [
    random(HEX, 8, seed),
    random(HEX, 4, seed + 1),
    random(HEX, 4, seed + 2),
    random(HEX, 4, seed + 3),
    random(HEX, 12, seed + 4),
  ].join('-')

const FUNCTIONS = `${random(B62, 44, 1)}${'Az'}Fu${random(B62, 5, 2)}Q==`
const SEARCH = `${random(B62, 42, 3)}${'Az'}SeB${random(B62, 5, 4)}`
const APIM = `${random(B62, 76, 5)}${'AP'}IM${random(B62, 5, 6)}w==`
const ADO = `${random(B62, 52, 7)}${'JQQJ'}99BF${random(B62, 16, 8)}${'AZ'}DO${random(B62, 4, 9)}`
const ADO_LEGACY = `${random(B32, 50, 10)}k7`
const CHAT = `AAAA${random(B62, 7, 11)}/messages?`
const GKEY = `${'AI'}za${random(B62, 35, 12)}`
const GTOKEN = random(B62, 43, 13)
const MM = `${random('abcdefghijklmnopqrstuvwxyz0123456789', 24, 14)}q7`
const ALGOLIA = random(HEX, 32, 15)

describe('documented formats: reported', () => {
  it.each([
    [`code=${FUNCTIONS}`, 'azure-functions-key'],
    [`code=${FUNCTIONS.slice(0, -2)}%3D%3D`, 'azure-functions-key'],
    [`key: ${SEARCH}`, 'azure-search-key'],
    [`key: ${APIM}`, 'azure-apim-key'],
    [`token ${ADO}`, 'azure-devops-pat'],
    [`AZURE_DEVOPS_EXT_PAT=${ADO_LEGACY}`, 'azure-devops-pat-legacy'],
    [`vsts.token = "${ADO_LEGACY}"`, 'azure-devops-pat-legacy'],
    [`https://chat.googleapis.com/v1/spaces/${CHAT}key=${GKEY}&token=${GTOKEN}`, 'google-chat-webhook-url'],
    [
      `https://chat.googleapis.com/v1/spaces/${CHAT}token=${GTOKEN}&amp;key=${GKEY}`,
      'google-chat-webhook-url',
    ],
    [`notify: https://mattermost.internal.example/hooks/${MM}`, 'mattermost-webhook-url'],
    [`mattermost_url = "http://10.0.0.7:8065/hooks/${MM}"`, 'mattermost-webhook-url'],
    [
      `https://hooks.zapier.com/hooks/catch/8812345/${random('abcdefghij0123456789', 7, 16)}/`,
      'zapier-webhook-url',
    ],
    [
      `https://prod-01.eastus.logic.azure.com/workflows/${random(HEX, 32, 17)}/triggers/manual/paths/invoke?api-version=2016-06-01&sig=${random(B62, 43, 18)}`,
      'azure-workflow-webhook-url',
    ],
    [`headers = {"Authorization": "GenieKey ${uuid(20)}"}`, 'opsgenie-api-key'],
    [`OPSGENIE_API_KEY: ${uuid(21)}`, 'opsgenie-api-key'],
    [`ALGOLIA_ADMIN_API_KEY=${ALGOLIA}`, 'algolia-admin-key'],
    [
      `algolia: { writeKey: "${ALGOLIA}" }`.replace('algolia: { writeKey', 'algoliaWriteKey'),
      'algolia-admin-key',
    ],
  ])('%s → %s', (text, rule) => {
    expect(ids(text)).toEqual([rule])
  })
})

describe('documented formats: look-alikes not reported', () => {
  it.each([
    [`key: ${SEARCH.slice(0, 46)}Z${SEARCH.slice(47)}`, 'Search signature followed by a letter outside A-D'],
    [`key: ${APIM.slice(1)}`, 'APIM signature one character early'],
    [`token ${ADO.replace('AZDO', 'AZEG')}`, 'common annotated key of another provider'],
    [`release_name = "${ADO_LEGACY}"`, 'base32 string without a DevOps name'],
    [`AZURE_DEVOPS_PAT=${'abcdefghijklmnopqrstuvwxyz'.repeat(2)}`, 'letters only: a word, not base32 output'],
    [`https://chat.example.org/hooks/${MM}`, 'hooks URL on a host without a Mattermost name'],
    [`opsgenie_team_id = "${uuid(22)}"`, 'Opsgenie team id'],
    [`opsgenieScheduleId: ${uuid(23)}`, 'Opsgenie schedule id'],
    [`ALGOLIA_SEARCH_KEY=${ALGOLIA}`, 'Algolia search-only key (public by design)'],
    [
      `algolia_app_id = "${random(HEX, 32, 24)}"`.replace('algolia_app_id', 'algolia_index'),
      'Algolia index name',
    ],
  ])('%s (%s)', (text) => {
    expect(ids(text).filter((id) => !id.startsWith('generic'))).toEqual([])
  })
})

describe('PKCS #12 detection', () => {
  // The DER prefix of a PFX: SEQUENCE, version 3, ContentInfo with the PKCS #7 `data` OID.
  const OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07]
  const pfx = (outerLength: number[], version: number, type: number, filler = 7) =>
    Uint8Array.from([
      0x30,
      ...outerLength,
      0x02,
      0x01,
      version,
      0x30,
      0x30,
      ...OID,
      type,
      ...new Array<number>(64).fill(filler),
    ])

  it.each([
    ['DER, short length', pfx([0x50], 3, 0x01), true],
    ['DER, long length', pfx([0x81, 0x50], 3, 0x01), true],
    ['BER indefinite length', pfx([0x80], 3, 0x01), true],
    ['signedData (public-key integrity)', pfx([0x50], 3, 0x02), true],
    ['version 1', pfx([0x50], 1, 0x01), false],
    ['other PKCS #7 content type', pfx([0x50], 3, 0x03), false],
    ['length past the end of the file', pfx([0x82, 0x40, 0x00], 3, 0x01), false],
    ['not a SEQUENCE', Uint8Array.from([0x31, 0x03, 0x02, 0x01, 0x03]), false],
    ['empty', new Uint8Array(0), false],
  ])('%s → %s', (_name, bytes, expected) => {
    expect(isPkcs12(bytes)).toBe(expected)
  })

  it('reports a binary .p12 as one finding and skips other binaries', () => {
    const bytes = Buffer.from(pfx([0x50], 3, 0x01, 0))
    const found = scanFile(bytes, 'keys/sa.p12', ruleSet)
    expect(found.binary).toBe(false)
    expect(found.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['pkcs12-key-file', 1, 1]])
    expect(found.findings[0]?.redacted).not.toContain(found.findings[0]?.secret)
    expect(scanFile(bytes, 'keys/sa.bin', ruleSet)).toEqual({ findings: [], binary: true })
  })
})
