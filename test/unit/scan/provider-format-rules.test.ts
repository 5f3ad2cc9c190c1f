import { describe, expect, it } from 'vitest'
import { HEX, ruleIds, seededRandom } from '../../helpers/scan-values.js'

// Provider token formats taken from the providers' own documentation. Values are generated at
// run time (a fixed pseudo-random walk), so the repository's self-scan sees no literal token.

const ids = ruleIds
const random = seededRandom(31)
const L36 = 'abcdefghijklmnopqrstuvwxyz0123456789'
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
/** A second walk for the later formats, so the earlier tests keep the values they had. */
const more = seededRandom(47)
/** A random UUID (8-4-4-4-12 lower-case hex), as Langfuse and WakaTime keys carry. */
const uuid = () => `${more(8, HEX)}-${more(4, HEX)}-4${more(3, HEX)}-a${more(3, HEX)}-${more(12, HEX)}`

/** A Twitter/X app-only bearer token: zero-led base64, URL-encoded as the API returns it. */
const twitterBearer = () =>
  encodeURIComponent(`${'A'.repeat(21)}${random(4)}AAAAAAA${random(30, B64)}=${random(50, B64)}`)

describe('twitter-bearer-token', () => {
  it.each([
    `TWITTER_BEARER_TOKEN=${twitterBearer()}`,
    `{"token_type":"bearer","access_token":"${twitterBearer()}"}`,
    `curl -H "Authorization: Bearer ${twitterBearer()}" https://api.x.com/2/tweets/20`,
  ])('%s', (line) => {
    expect(ids(line)).toEqual(['twitter-bearer-token'])
  })
  it.each([
    ['A'.repeat(120), 'only the zero run'],
    [`blob = "${'A'.repeat(22)}${random(90)}"`, 'not URL-encoded base64'],
    ['TWITTER_BEARER_TOKEN=${TWITTER_BEARER_TOKEN}', 'a reference'],
    [`${'A'.repeat(22)}${'A%3D'.repeat(25)}`, 'filler'],
  ])('leaves %s alone (%s)', (line) => {
    expect(ids(line)).toEqual([])
  })
})

describe('aws-bedrock-api-key', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64')
  const longTerm = (account = '123456789012', id = random(4)) =>
    `ABSK${b64(`BedrockAPIKey-${id}-at-${account}:${random(40, B64)}=`)}`
  const shortTerm = () =>
    `bedrock-api-key-${b64(
      `bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256` +
        `&X-Amz-Credential=ASIA${random(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}%2F20260301%2Fus-east-1%2Fbedrock%2Faws4_request` +
        `&X-Amz-Date=20260301T000000Z&X-Amz-Expires=43200&X-Amz-Security-Token=${random(200)}` +
        `&X-Amz-Signature=${random(64, '0123456789abcdef')}&Version=1`,
    )}`
  it.each([
    `AWS_BEARER_TOKEN_BEDROCK=${longTerm()}`,
    `client = BedrockClient(api_key="${longTerm()}")`,
    `export AWS_BEARER_TOKEN_BEDROCK="${shortTerm()}"`,
  ])('%s', (line) => {
    expect(ids(line)).toEqual(['aws-bedrock-api-key'])
  })
  it.each([
    ['AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleS0...', 'truncated in docs'],
    [`# ${longTerm('1234')}`, 'no 12-digit account'],
    [
      `# bedrock-api-key-${b64(`bedrock.amazonaws.com/?Action=CallWithBearerToken&${random(120)}`)}`,
      'unsigned',
    ],
  ])('leaves %s alone (%s)', (line) => {
    expect(ids(line)).not.toContain('aws-bedrock-api-key')
  })
})

describe('firebase-cloud-messaging-server-key', () => {
  const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  it.each([
    `FCM_SERVER_KEY=AAAA${random(7, B64URL)}:APA91b${random(134, B64URL)}`,
    `conn.setRequestProperty("Authorization", "key=AAAA${random(7, B64URL)}:APA91b${random(134, B64URL)}");`,
  ])('%s', (line) => {
    expect(ids(line)).toEqual(['firebase-cloud-messaging-server-key'])
  })
  it('a device registration token (no AAAA lead) is not a server key', () => {
    expect(ids(`deviceToken: ${random(22)}:APA91b${random(134, B64URL)}`)).not.toContain(
      'firebase-cloud-messaging-server-key',
    )
  })
})

describe('gitlab-pat: classic and routable tokens', () => {
  const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  it.each([
    `GITLAB_TOKEN=glpat-${random(20, B64URL)}`,
    `GITLAB_TOKEN=glpat-${random(27, B64URL)}.01.${random(9, '0123456789abcdefghijklmnopqrstuvwxyz')}`,
    `{"token":"glpat-${random(120, B64URL)}.01.${random(9, '0123456789abcdefghijklmnopqrstuvwxyz')}"}`,
  ])('%s', (line) => {
    expect(ids(line)).toEqual(['gitlab-pat'])
  })
})

describe('azure-storage-account-key: wrapped and fallback assignments', () => {
  const key = () => `${random(86, B64)}==`
  it.each([
    `public static final String DEFAULT_ACCOUNT_KEY\n        = "${key()}";`,
    `private const string StorageAccountKey =\n    "${key()}";`,
    `static const std::string AccountKey{\n    "${key()}"};`,
    `export const key =\n  process.env.AZURE_STORAGE_ACCOUNT_KEY ||\n  "${key()}";`,
    `const accountKey = process.env.ACCOUNT_KEY ?? "${key()}";`,
  ])('%s', (text) => {
    expect(ids(text, 'Storage.java')).toEqual(['azure-storage-account-key'])
  })
  it('a reference on the next line is not a key', () => {
    expect(ids('String accountKey =\n    System.getenv("AZURE_STORAGE_KEY");', 'Storage.java')).toEqual([])
  })
})

describe('dropbox-short-lived-token', () => {
  const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  it.each([
    `DROPBOX_ACCESS_TOKEN=sl.B${random(137, B64URL)}`,
    `dbx = dropbox.Dropbox("sl.u.${random(700, B64URL)}")`,
    `{"access_token": "sl.${random(140, B64URL)}", "token_type": "bearer", "expires_in": 14400}`,
  ])('%s', (line) => {
    expect(ids(line)).toEqual(['dropbox-short-lived-token'])
  })
  it.each([
    [`sl.${random(40, B64URL)}`, 'too short'],
    [`config.sl.${random(140, B64URL)}`, 'a dotted name'],
    [`sl.${'a'.repeat(140)}`, 'no randomness'],
  ])('leaves %s alone (%s)', (line) => {
    expect(ids(line)).not.toContain('dropbox-short-lived-token')
  })
})

describe('crates-io-api-token', () => {
  const cio = () => `cio${random(29)}A7b`
  it.each([`[registry]\ntoken = "${cio()}"`, `CARGO_REGISTRY_TOKEN=${cio()}`])('%s', (text) => {
    expect(ids(text, 'credentials.toml')).toEqual(['crates-io-api-token'])
  })
  it.each([
    ['let s = "ciocoloratissimoabcdefghijklmnopqr";', 'a word, no digit or capital'],
    [`x${cio()}`, 'inside a longer word'],
    [`${cio()}9`, 'too long'],
  ])('leaves %s alone (%s)', (text) => {
    expect(ids(text, 'credentials.toml')).not.toContain('crates-io-api-token')
  })
})

describe('filezilla-password', () => {
  const pw = `${random(6)}#${random(6)}`
  it.each([
    `<Server><Host>ftp.example.org</Host><User>deploy</User><Pass encoding="base64">${Buffer.from(pw).toString('base64')}</Pass></Server>`,
    `    <Pass>${pw}</Pass>`,
  ])('%s', (text) => {
    expect(ids(text, 'sitemanager.xml')).toEqual(['filezilla-password'])
  })
  it.each([
    '    <Pass encoding="base64" />',
    `    <Pass encoding="base64">${Buffer.from('password').toString('base64')}</Pass>`,
    '    <Pass>${FTP_PASSWORD}</Pass>',
  ])('not a credential: %s', (text) => {
    expect(ids(text, 'sitemanager.xml')).toEqual([])
  })
})

// Provider formats audit (2026-12-07): a prefixed token is found where it stands alone, with
// no key name around it — a bare line, a curl header, a URL, a YAML list, a JSON value.
describe.each([
  ['docker-swarm-join-token', () => `SWMTKN-1-${random(50, L36)}-${random(25, L36)}`],
  ['posthog-personal-api-key', () => `phx_${random(43)}`],
  ['neon-api-key', () => `napi_${random(64, L36)}`],
  ['vercel-token', () => `vcp_${random(56)}`],
  ['mongodb-atlas-service-account-secret', () => `mdb_sa_sk_${random(40)}`],
  ['resend-api-key', () => `re_${random(8)}_${random(24)}`],
  ['woocommerce-api-key', () => `cs_${random(40, HEX)}`],
  ['klaviyo-private-api-key', () => `pk_${random(34, HEX)}`],
  ['honeybadger-api-token', () => `hba_${random(32)}`],
  ['easypost-api-key', () => `EZAK${random(54)}`],
  ['easypost-api-key', () => `EZTK${random(54)}`],
  ['yandex-oauth-token', () => `y0_${random(55)}`],
  ['yandex-cloud-iam-token', () => `t1.${random(40)}.${random(86)}`],
  ['yandex-api-key', () => `trnsl.1.1.20240508T112017Z.${random(16, HEX)}.${random(40, HEX)}`],
  ['settlemint-access-token', () => `sm_pat_${random(16)}`],
  ['chief-tools-token', () => `ctp_${random(36)}`],
  [
    'defined-networking-api-key',
    () =>
      `dnkey-${random(26, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}-${random(52, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
  ],
  ['intra42-client-secret', () => `s-s4t2ud-${random(64, HEX)}`],
  ['authress-access-key', () => `sc_${random(12)}.${random(5)}.acc-${random(16, L36)}.${random(64)}`],
  [
    'paddle-api-key',
    () => `pdl_live_apikey_01${more(24, '0123456789abcdefghjkmnpqrstvwxyz')}_${more(22)}_${more(3)}`,
  ],
  ['langfuse-secret-key', () => `sk-lf-${uuid()}`],
  ['tavily-api-key', () => `tvly-dev-${more(32)}`],
  ['firecrawl-api-key', () => `fc-${more(32, HEX)}`],
  ['polar-access-token', () => `polar_oat_${more(43)}`],
  ['apify-api-token', () => `apify_api_${more(36)}`],
  ['deno-deploy-token', () => `ddp_${more(36)}`],
  ['zuplo-api-key', () => `zpka_${more(32, HEX)}_${more(8, HEX)}`],
  ['wakatime-api-key', () => `waka_${uuid()}`],
])('%s standing alone', (id, make) => {
  it.each([
    (t: string) => t,
    (t: string) => `curl -H "Authorization: Bearer ${t}" https://api.example.net/v1/items`,
    (t: string) => `https://api.example.net/v1/items?auth=${t}&page=2`,
    (t: string) => `tokens:\n  - ${t}`,
    (t: string) => `{"value": "${t}"}`,
  ])('form %#', (form) => {
    expect(ids(form(make()))).toEqual([id])
  })
})

describe("token formats: shapes that are not the issuer's", () => {
  it.each([
    ['an EasyPost key one character short', `EZAK${random(53)}`],
    ['an EC2 instance type', 'InstanceType: t1.micro'],
    ['a Yandex IAM token with a short signature', `t1.${random(40)}.${random(60)}`],
    [
      'a Yandex legacy key with a malformed time',
      `trnsl.1.1.2024-05-08.${random(16, HEX)}.${random(40, HEX)}`,
    ],
    ['a SettleMint prefix with a word', 'sm_pat_configuration'],
    ['an intra secret of upper-case hex', `s-s4t2ud-${random(64, HEX).toUpperCase()}`],
    ['a y0_ name in code', 'const y0_offset = compute_offset_for_the_first_row_of_the_grid_now_please()'],
    ['a Paddle key from an unknown environment', `pdl_test_apikey_01${more(24, L36)}_${more(22)}_${more(3)}`],
    ['a Langfuse public key', `LANGFUSE_PUBLIC_KEY=pk-lf-${uuid()}`],
    ['a Firecrawl key of upper-case hex', `fc-${more(32, HEX).toUpperCase()}`],
    ['a FullCalendar class name', '<td class="fc-daygrid-day fc-day-today fc-daygrid-day-frame">'],
    ['a Tavily key with no capital', `tvly-${more(32, L36)}`],
    ['a Zuplo key without its checksum', `zpka_${more(32, HEX)}`],
    ['a WakaTime key cut short', `waka_${uuid().slice(0, 31)}`],
    ['a deno-style name in code', 'const ddp_connection_pool_for_the_primary_database_cluster = open()'],
  ])('%s', (_label, text) => {
    expect(ids(text)).toEqual([])
  })
})

describe('kubernetes-bootstrap-token', () => {
  const bootstrap = () => `${random(6, L36)}.${random(16, L36)}`
  it.each([
    () =>
      `kubeadm join 10.0.0.5:6443 --token ${bootstrap()} --discovery-token-ca-cert-hash sha256:${random(64, HEX)}`,
    () => `bootstrapTokens:\n  - token: "${bootstrap()}"`,
    () => `KUBEADM_TOKEN=${bootstrap()}`,
  ])('form %#', (form) => {
    expect(ids(form())).toEqual(['kubernetes-bootstrap-token'])
  })
  it.each([
    ['kubeadm join 10.0.0.5:6443 --token abcdef.0123456789abcdef', 'the documented sample'],
    [`const host = "${bootstrap()}"`, 'no token name'],
    [
      `token: ${random(6, 'abcdefghijklmnopqrstuvwxyz')}.${random(16, 'abcdefghijklmnopqrstuvwxyz')}`,
      'no digit',
    ],
  ])('leaves %s alone (%s)', (text) => {
    expect(ids(text)).not.toContain('kubernetes-bootstrap-token')
  })
})

describe('jenkins-api-token', () => {
  it.each([`JENKINS_API_TOKEN=11${random(32, HEX)}`, `jenkins:\n  jenkins_token: "11${random(32, HEX)}"`])(
    '%s',
    (text) => {
      expect(ids(text)).toEqual(['jenkins-api-token'])
    },
  )
  it('leaves a version other than 11 to the generic rules', () => {
    expect(ids(`JENKINS_API_TOKEN=12${random(32, HEX)}`)).not.toContain('jenkins-api-token')
  })
})
