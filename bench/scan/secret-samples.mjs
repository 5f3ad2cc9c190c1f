// Realistic samples for every rule: a generator of true secrets (right prefix, alphabet,
// length and checksum) in a typical line, and a placeholder variant that must NOT be flagged.
// Used to write the ok/ng fixtures (test/fixtures/scan/rules) and the labelled corpus.
import { createHash } from 'node:crypto'

/** Deterministic PRNG (mulberry32) so a seed reproduces a corpus exactly. */
export function rng(seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    str: (charset, n) => {
      let s = ''
      for (let i = 0; i < n; i++) s += charset[Math.floor(next() * charset.length)]
      return s
    },
  }
}

export const HEX = '0123456789abcdef'
export const UHEX = '0123456789ABCDEF'
export const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
export const B64 = `${B62}+/`
export const URL64 = `${B62}_-`
export const UPNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
export const LOWNUM = '0123456789abcdefghijklmnopqrstuvwxyz'
export const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

const CRC = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()
function crc32(s) {
  let c = 0xffffffff
  for (let i = 0; i < s.length; i++) c = CRC[(c ^ s.charCodeAt(i)) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function base62(v, w) {
  let o = ''
  while (v > 0) {
    o = B62[v % 62] + o
    v = Math.floor(v / 62)
  }
  return o.padStart(w, '0')
}
/** GitHub/npm format: prefix + 30 random + CRC32 base62 (6). */
export function checksummedToken(r, prefix) {
  const body = r.str(B62, 30)
  return `${prefix}${body}${base62(crc32(body), 6)}`
}
const uuid = (r) => `${r.str(HEX, 8)}-${r.str(HEX, 4)}-4${r.str(HEX, 3)}-a${r.str(HEX, 3)}-${r.str(HEX, 12)}`
const b64 = (s) => Buffer.from(s).toString('base64url')
function pem(r, label, bytes = 900) {
  const body = Buffer.from(Array.from({ length: bytes }, () => r.int(0, 255))).toString('base64')
  return `-----BEGIN ${label}-----\n${body.match(/.{1,64}/g).join('\n')}\n-----END ${label}-----`
}
function jwt(r) {
  const header = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const payload = b64(
    JSON.stringify({
      sub: String(r.int(1000, 99999)),
      name: r.pick(['ana', 'li', 'sam']),
      iat: r.int(1.6e9, 1.7e9),
    }),
  )
  return `${header}.${payload}.${r.str(URL64, 43)}`
}
const code = (s) => `client = Client(token="${s}")` // neutral line, not a secret-like name
const env = (name) => (s) => `${name}=${s}`

/**
 * rule id → { make(r) → secret, line(secret) → text, fake → text that must not be flagged }.
 * `fake` is the same line with a placeholder, documented example, bad checksum or reference.
 */
export const SAMPLES = {
  'aws-access-key-id': {
    make: (r) => `AKIA${r.str(B32.slice(0, 26) + '234567', 16)}`,
    line: env('AWS_ACCESS_KEY_ID'),
    fake: 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
  },
  'aws-secret-access-key': {
    make: (r) => r.str(B62, 20) + 'a1Z' + r.str(B64, 17),
    line: (s) => `aws_secret_access_key = ${s}`,
    fake: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  },
  'aws-session-token': {
    make: (r) => `IQoJb3JpZ2luX2Vj${r.str(B64, 300)}`,
    line: (s) => `aws_session_token = ${s}`,
    fake: 'aws_session_token = ${AWS_SESSION_TOKEN}',
  },
  'gcp-api-key': {
    make: (r) => `AIza${r.str(URL64, 35)}`,
    line: code,
    fake: code('AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX'),
  },
  'gcp-service-account-key': {
    make: (r) => pem(r, 'PRIVATE KEY', 600).replace(/\n/g, '\\n') + '\\n',
    line: (s) =>
      `{"type": "service_account", "project_id": "demo", "private_key_id": "abc", "private_key": "${s}", "client_email": "x@demo.iam.gserviceaccount.com"}`,
    fake: '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"}',
  },
  'google-oauth-client-secret': {
    make: (r) => `GOCSPX-${r.str(URL64, 28)}`,
    line: code,
    fake: code('GOCSPX-xxxxxxxxxxxxxxxxxxxxxxxxxxxx'),
  },
  'google-oauth-access-token': {
    make: (r) => `ya29.${r.str(URL64, 120)}`,
    line: code,
    fake: code('ya29.your-access-token'),
  },
  'google-oauth-refresh-token': {
    make: (r) => `1//0${r.str(URL64, 100)}`,
    line: code,
    fake: code('1//0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'),
  },
  'azure-storage-connection-string': {
    make: (r) => `${r.str(B64, 86)}==`,
    line: (s) =>
      `conn = "DefaultEndpointsProtocol=https;AccountName=acct${'x'};AccountKey=${s};EndpointSuffix=core.windows.net"`,
    fake: 'conn = "DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=<account-key>;"',
  },
  'azure-service-bus-key': {
    make: (r) => `${r.str(B64, 43)}=`,
    line: (s) =>
      `Endpoint=sb://demo.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${s}`,
    fake: 'Endpoint=sb://demo.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${SB_KEY}',
  },
  'azure-cosmosdb-key': {
    make: (r) => `${r.str(B64, 86)}==`,
    line: (s) => `AccountEndpoint=https://demo.documents.azure.com:443/;AccountKey=${s};`,
    fake: 'AccountEndpoint=https://demo.documents.azure.com:443/;AccountKey=<key>;',
  },
  'azure-sas-token': {
    make: (r) => `${r.str(B62, 43)}%3D`,
    line: (s) =>
      `url = "https://acct.blob.core.windows.net/c/f?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01&sig=${s}"`,
    fake: 'url = "https://acct.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&sig=<signature>"',
  },
  'azure-ad-client-secret': {
    make: (r) => `${r.str(B62, 3)}${r.int(0, 9)}Q~${r.str(B62 + '_~.-', 34)}`,
    line: code,
    fake: code('abc8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'),
  },
  'alibaba-access-key-id': {
    make: (r) => `LTAI${r.str(B62, 20)}`,
    line: code,
    fake: code('LTAIxxxxxxxxxxxxxxxxxxxx'),
  },
  'digitalocean-pat': {
    make: (r) => `dop_v1_${r.str(HEX, 64)}`,
    line: code,
    fake: code(`dop_v1_${'0'.repeat(64)}`),
  },
  'digitalocean-oauth-token': {
    make: (r) => `doo_v1_${r.str(HEX, 64)}`,
    line: code,
    fake: code(`doo_v1_${'a'.repeat(64)}`),
  },
  'digitalocean-refresh-token': {
    make: (r) => `dor_v1_${r.str(HEX, 64)}`,
    line: code,
    fake: code(`dor_v1_${'f'.repeat(64)}`),
  },
  'heroku-api-key': {
    make: (r) => `HRKU-AA${r.str(URL64, 58)}`,
    line: code,
    fake: code(`HRKU-AA${'x'.repeat(58)}`),
  },
  'heroku-api-key-legacy': {
    make: uuid,
    line: (s) => `HEROKU_API_KEY=${s}`,
    fake: 'HEROKU_API_KEY=00000000-0000-0000-0000-000000000000',
  },
  'cloudflare-origin-ca-key': {
    make: (r) => `v1.0-${r.str(HEX, 24)}-${r.str(HEX, 146)}`,
    line: code,
    fake: code(`v1.0-${'0'.repeat(24)}-${'0'.repeat(146)}`),
  },
  'cloudflare-api-token': {
    make: (r) => r.str(URL64, 40),
    line: (s) => `CLOUDFLARE_API_TOKEN=${s}`,
    fake: 'CLOUDFLARE_API_TOKEN=${{ secrets.CLOUDFLARE_API_TOKEN }}',
  },
  'fly-io-token': { make: (r) => `fo1_${r.str(URL64, 43)}`, line: code, fake: code(`fo1_${'x'.repeat(43)}`) },
  'fly-io-macaroon': { make: (r) => `fm2_${r.str(B64, 200)}`, line: code, fake: code('fm2_...') },
  'tencent-cloud-secret-id': {
    make: (r) => `AKID${r.str(B62, 32)}`,
    line: code,
    fake: code(`AKID${'x'.repeat(32)}`),
  },
  'ibm-cloud-iam-key': {
    make: (r) => r.str(URL64, 44),
    line: (s) => `IBM_CLOUD_API_KEY=${s}`,
    fake: 'IBM_CLOUD_API_KEY=<your-api-key>',
  },
  'scaleway-secret-key': {
    make: (r) => `SCW${r.str(UPNUM, 17)}`,
    line: code,
    fake: code('SCWXXXXXXXXXXXXXXXXX'),
  },
  'linode-token': {
    make: (r) => r.str(HEX, 64),
    line: (s) => `linode_token = "${s}"`,
    fake: 'linode_token = var.linode_token',
  },
  'vultr-api-key': {
    make: (r) => r.str(UPNUM, 36),
    line: (s) => `VULTR_API_KEY=${s}`,
    fake: 'VULTR_API_KEY=$VULTR_API_KEY',
  },
  'github-pat': {
    make: (r) => checksummedToken(r, 'ghp_'),
    line: code,
    fake: code('ghp_16C7e42F292c6912E7710c838347Ae178B4a'),
  },
  'github-oauth-token': {
    make: (r) => checksummedToken(r, 'gho_'),
    line: code,
    fake: code('gho_16C7e42F292c6912E7710c838347Ae178B4a'),
  },
  'github-user-to-server-token': {
    make: (r) => checksummedToken(r, 'ghu_'),
    line: code,
    fake: code('ghu_16C7e42F292c6912E7710c838347Ae178B4a'),
  },
  'github-server-to-server-token': {
    make: (r) => checksummedToken(r, 'ghs_'),
    line: code,
    fake: code('ghs_16C7e42F292c6912E7710c838347Ae178B4a'),
  },
  'github-refresh-token': {
    make: (r) => checksummedToken(r, 'ghr_'),
    line: code,
    fake: code('ghr_16C7e42F292c6912E7710c838347Ae178B4a'),
  },
  'github-fine-grained-pat': {
    make: (r) => `github_pat_${r.str(B62, 22)}_${r.str(B62, 59)}`,
    line: code,
    fake: code(`github_pat_${'x'.repeat(22)}_${'x'.repeat(59)}`),
  },
  'gitlab-pat': {
    make: (r) => `glpat-${r.str(URL64, 20)}`,
    line: code,
    fake: code('glpat-xxxxxxxxxxxxxxxxxxxx'),
  },
  'gitlab-pipeline-trigger-token': {
    make: (r) => `glptt-${r.str(HEX, 40)}`,
    line: code,
    fake: code(`glptt-${'0'.repeat(40)}`),
  },
  'gitlab-runner-registration-token': {
    make: (r) => `GR1348941${r.str(URL64, 20)}`,
    line: code,
    fake: code('GR1348941xxxxxxxxxxxxxxxxxxxx'),
  },
  'gitlab-runner-auth-token': {
    make: (r) => `glrt-${r.str(URL64, 20)}`,
    line: code,
    fake: code('glrt-xxxxxxxxxxxxxxxxxxxx'),
  },
  'gitlab-deploy-token': {
    make: (r) => `gldt-${r.str(URL64, 20)}`,
    line: code,
    fake: code('gldt-xxxxxxxxxxxxxxxxxxxx'),
  },
  'gitlab-feed-token': {
    make: (r) => `glft-${r.str(URL64, 20)}`,
    line: code,
    fake: code('glft-xxxxxxxxxxxxxxxxxxxx'),
  },
  'gitlab-oauth-app-secret': {
    make: (r) => `gloas-${r.str(URL64, 64)}`,
    line: code,
    fake: code(`gloas-${'x'.repeat(64)}`),
  },
  'gitlab-scim-token': {
    make: (r) => `glsoat-${r.str(URL64, 20)}`,
    line: code,
    fake: code('glsoat-xxxxxxxxxxxxxxxxxxxx'),
  },
  'gitlab-incoming-mail-token': {
    make: (r) => `glimt-${r.str(LOWNUM, 25)}`,
    line: code,
    fake: code(`glimt-${'x'.repeat(25)}`),
  },
  'gitlab-agent-token': {
    make: (r) => `glagent-${r.str(URL64, 50)}`,
    line: code,
    fake: code(`glagent-${'x'.repeat(50)}`),
  },
  'bitbucket-app-password': {
    make: (r) => `ATBB${r.str(B62, 32)}`,
    line: code,
    fake: code(`ATBB${'x'.repeat(32)}`),
  },
  'atlassian-api-token': {
    make: (r) => `ATATT3xFfGF0${r.str(URL64, 180)}`,
    line: code,
    fake: code(`ATATT3xFfGF0${'x'.repeat(180)}`),
  },
  'npm-access-token': {
    make: (r) => checksummedToken(r, 'npm_'),
    line: (s) => `//registry.npmjs.org/:_authToken=${s}`,
    fake: '//registry.npmjs.org/:_authToken=npm_16C7e42F292c6912E7710c838347Ae178B4a',
  },
  'npm-legacy-auth-token': {
    make: uuid,
    line: (s) => `//registry.npmjs.org/:_authToken=${s}`,
    fake: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
  },
  'pypi-upload-token': {
    make: (r) => `pypi-AgEIcHlwaS5vcmc${r.str(URL64, 140)}`,
    line: (s) => `password = ${s}`,
    fake: 'password = pypi-AgEIcHlwaS5vcmc...',
  },
  'testpypi-upload-token': {
    make: (r) => `pypi-AgENdGVzdC5weXBpLm9yZw${r.str(URL64, 140)}`,
    line: (s) => `password = ${s}`,
    fake: 'password = pypi-AgENdGVzdC5weXBpLm9yZw<token>',
  },
  'rubygems-api-key': {
    make: (r) => `rubygems_${r.str(HEX, 48)}`,
    line: code,
    fake: code(`rubygems_${'0'.repeat(48)}`),
  },
  'clojars-token': {
    make: (r) => `CLOJARS_${r.str(LOWNUM, 60)}`,
    line: code,
    fake: code(`CLOJARS_${'x'.repeat(60)}`),
  },
  'nuget-api-key': { make: (r) => `oy2${r.str(LOWNUM, 43)}`, line: code, fake: code(`oy2${'x'.repeat(43)}`) },
  'dockerhub-pat': {
    make: (r) => `dckr_pat_${r.str(URL64, 27)}`,
    line: code,
    fake: code(`dckr_pat_${'x'.repeat(27)}`),
  },
  'dockerhub-oat': {
    make: (r) => `dckr_oat_${r.str(URL64, 32)}`,
    line: code,
    fake: code(`dckr_oat_${'x'.repeat(32)}`),
  },
  'jfrog-api-key': { make: (r) => `AKCp${r.str(B62, 69)}`, line: code, fake: code(`AKCp${'x'.repeat(69)}`) },
  'jfrog-reference-token': {
    make: (r) => `cmVmdGtu${r.str(B62, 56)}`,
    line: code,
    fake: code(`cmVmdGtu${'0'.repeat(56)}`),
  },
  'buildkite-agent-token': {
    make: (r) => `bkua_${r.str(HEX, 40)}`,
    line: code,
    fake: code(`bkua_${'0'.repeat(40)}`),
  },
  'circleci-pat': {
    make: (r) => `CCIPAT_${r.str(B62, 22)}_${r.str(HEX, 40)}`,
    line: code,
    fake: code(`CCIPAT_${'x'.repeat(22)}_${'0'.repeat(40)}`),
  },
  'sourcegraph-token': {
    make: (r) => `sgp_${r.str(HEX, 16)}_${r.str(HEX, 40)}`,
    line: code,
    fake: code(`sgp_${'0'.repeat(40)}`),
  },
  'pulumi-access-token': {
    make: (r) => `pul-${r.str(HEX, 40)}`,
    line: code,
    fake: code(`pul-${'0'.repeat(40)}`),
  },
  'terraform-cloud-token': {
    make: (r) => `${r.str(B62, 14)}.atlasv1.${r.str(URL64, 67)}`,
    line: (s) => `token = "${s}"`,
    fake: 'token = "xxxxxxxxxxxxxx.atlasv1.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
  },
  'vault-service-token': {
    make: (r) => `hvs.${r.str(URL64, 95)}`,
    line: env('VAULT_TOKEN'),
    fake: 'VAULT_TOKEN=hvs.<token>',
  },
  'vault-batch-token': {
    make: (r) => `hvb.${r.str(URL64, 150)}`,
    line: env('VAULT_TOKEN'),
    fake: 'VAULT_TOKEN=hvb.xxxx',
  },
  'vault-legacy-token': {
    make: (r) => `s.${r.str(B62, 24)}`,
    line: env('VAULT_TOKEN'),
    fake: 'VAULT_TOKEN=s.xxxxxxxxxxxxxxxxxxxxxxxx',
  },
  'doppler-token': {
    make: (r) => `dp.pt.${r.str(B62, 43)}`,
    line: code,
    fake: code(`dp.pt.${'x'.repeat(43)}`),
  },
  'harness-pat': {
    make: (r) => `pat.${r.str(URL64, 22)}.${r.str(HEX, 24)}.${r.str(B62, 20)}`,
    line: code,
    fake: code(`pat.${'x'.repeat(22)}.${'0'.repeat(24)}.${'x'.repeat(20)}`),
  },
  'octopus-deploy-api-key': {
    make: (r) => `API-${r.str(UPNUM, 26)}`,
    line: code,
    fake: code(`API-${'X'.repeat(26)}`),
  },
  'codecov-token': {
    make: uuid,
    line: (s) => `CODECOV_TOKEN=${s}`,
    fake: 'CODECOV_TOKEN=${{ secrets.CODECOV_TOKEN }}',
  },
  'postman-api-key': {
    make: (r) => `PMAK-${r.str(HEX, 24)}-${r.str(HEX, 34)}`,
    line: code,
    fake: code(`PMAK-${'0'.repeat(24)}-${'0'.repeat(34)}`),
  },
  'readme-api-key': {
    make: (r) => `rdme_${r.str(LOWNUM, 70)}`,
    line: code,
    fake: code(`rdme_${'x'.repeat(70)}`),
  },
  'prefect-api-key': {
    make: (r) => `pnu_${r.str(B62, 36)}`,
    line: code,
    fake: code(`pnu_${'x'.repeat(36)}`),
  },
  'infracost-api-key': {
    make: (r) => `ico-${r.str(B62, 32)}`,
    line: code,
    fake: code(`ico-${'x'.repeat(32)}`),
  },
  'snyk-api-token': { make: uuid, line: (s) => `SNYK_TOKEN=${s}`, fake: 'SNYK_TOKEN=$SNYK_TOKEN' },
  'slack-bot-token': {
    make: (r) => `xoxb-${r.str('0123456789', 12)}-${r.str('0123456789', 13)}-${r.str(B62, 24)}`,
    line: code,
    fake: code('xoxb-not-a-real-token-this-will-not-work'),
  },
  'slack-user-token': {
    make: (r) =>
      `xoxp-${r.str('0123456789', 12)}-${r.str('0123456789', 12)}-${r.str('0123456789', 13)}-${r.str(HEX, 32)}`,
    line: code,
    fake: code('xoxp-000000000000-000000000000-000000000000-00000000000000000000000000000000'),
  },
  'slack-app-token': {
    make: (r) => `xapp-1-A${r.str(UPNUM, 10)}-${r.str('0123456789', 13)}-${r.str(HEX, 64)}`,
    line: code,
    fake: code(`xapp-1-AXXXXXXXXXX-0000000000000-${'0'.repeat(64)}`),
  },
  'slack-config-token': {
    make: (r) => `xoxe.xoxp-1-${r.str(B62, 164)}`,
    line: code,
    fake: code(`xoxe.xoxp-1-${'x'.repeat(164)}`),
  },
  'slack-config-refresh-token': {
    make: (r) => `xoxe-1-${r.str(B62, 146)}`,
    line: code,
    fake: code(`xoxe-1-${'x'.repeat(146)}`),
  },
  'slack-legacy-token': {
    make: (r) => `xoxs-${r.str('0123456789', 10)}-${r.str('0123456789', 11)}-${r.str(HEX, 40)}`,
    line: code,
    fake: code('xoxs-xxxxxxxxxx-xxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxxx'),
  },
  'slack-webhook-url': {
    make: (r) => `T${r.str(UPNUM, 10)}/B${r.str(UPNUM, 10)}/${r.str(B62, 24)}`,
    line: (s) => `webhook = "https://hooks.slack.com/services/${s}"`,
    fake: 'webhook = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"',
  },
  'discord-webhook-url': {
    make: (r) => r.str(URL64, 68),
    line: (s) => `url = "https://discord.com/api/webhooks/${r0(18)}/${s}"`,
    fake: 'url = "https://discord.com/api/webhooks/123456789012345678/<webhook-token>"',
  },
  'discord-bot-token': {
    make: (r) => `M${r.str(URL64, 25)}.${r.str(URL64, 6)}.${r.str(URL64, 38)}`,
    line: (s) => `DISCORD_BOT_TOKEN=${s}`,
    fake: 'DISCORD_BOT_TOKEN=your-discord-bot-token',
  },
  'microsoft-teams-webhook-url': {
    make: (r) => `${r.str(HEX, 32)}/${uuid(r)}`,
    line: (s) =>
      `url: https://acme.webhook.office.com/webhookb2/${uuidFixed}@${uuidFixed}/IncomingWebhook/${s}`,
    fake: `url: https://acme.webhook.office.com/webhookb2/<group>@<tenant>/IncomingWebhook/<id>/<owner>`,
  },
  'telegram-bot-token': {
    make: (r) => `${r.str('0123456789', 10)}:AA${r.str(URL64, 33)}`,
    line: env('TELEGRAM_TOKEN'),
    fake: 'TELEGRAM_TOKEN=123456789:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  },
  'twilio-api-key': { make: (r) => `SK${r.str(HEX, 32)}`, line: code, fake: code(`SK${'x'.repeat(32)}`) },
  'twilio-auth-token': {
    make: (r) => r.str(HEX, 32),
    line: (s) => `TWILIO_AUTH_TOKEN=${s}`,
    fake: 'TWILIO_AUTH_TOKEN=your_auth_token',
  },
  'sendgrid-api-key': {
    make: (r) => `SG.${r.str(URL64, 22)}.${r.str(URL64, 43)}`,
    line: code,
    fake: code(`SG.${'x'.repeat(22)}.${'x'.repeat(43)}`),
  },
  'sendinblue-api-key': {
    make: (r) => `xkeysib-${r.str(HEX, 64)}-${r.str(B62, 16)}`,
    line: code,
    fake: code(`xkeysib-${'0'.repeat(64)}-${'x'.repeat(16)}`),
  },
  'mailgun-api-key': {
    make: (r) => `key-${r.str(HEX, 32)}`,
    line: code,
    fake: code(`key-${'0'.repeat(32)}`),
  },
  'mailgun-private-key': {
    make: (r) => `${r.str(HEX, 32)}-${r.str(HEX, 8)}-${r.str(HEX, 8)}`,
    line: (s) => `MAILGUN_API_KEY=${s}`,
    fake: 'MAILGUN_API_KEY=<mailgun-key>',
  },
  'mailchimp-api-key': {
    make: (r) => `${r.str(HEX, 32)}-us${r.int(1, 20)}`,
    line: code,
    fake: code(`${'0'.repeat(32)}-us6`),
  },
  'postmark-server-token': {
    make: uuid,
    line: (s) => `POSTMARK_SERVER_TOKEN=${s}`,
    fake: 'POSTMARK_SERVER_TOKEN=POSTMARK_API_TEST',
  },
  'stripe-secret-key': {
    make: (r) => `sk_live_${r.str(B62, 99)}`,
    line: code,
    fake: code('sk_test_4eC39HqLyjWDarjtT1zdp7dc'),
  },
  'stripe-restricted-key': {
    make: (r) => `rk_live_${r.str(B62, 99)}`,
    line: code,
    fake: code(`rk_live_${'x'.repeat(99)}`),
  },
  'stripe-webhook-secret': {
    make: (r) => `whsec_${r.str(B62, 32)}`,
    line: code,
    fake: code(`whsec_${'x'.repeat(32)}`),
  },
  'square-access-token': {
    make: (r) => `EAAA${r.str(URL64, 60)}`,
    line: code,
    fake: code(`EAAA${'x'.repeat(60)}`),
  },
  'square-oauth-secret': {
    make: (r) => `sq0csp-${r.str(URL64, 43)}`,
    line: code,
    fake: code(`sq0csp-${'x'.repeat(43)}`),
  },
  'shopify-access-token': {
    make: (r) => `shpat_${r.str(HEX, 32)}`,
    line: code,
    fake: code(`shpat_${'0'.repeat(32)}`),
  },
  'shopify-custom-app-token': {
    make: (r) => `shpca_${r.str(HEX, 32)}`,
    line: code,
    fake: code(`shpca_${'0'.repeat(32)}`),
  },
  'shopify-private-app-token': {
    make: (r) => `shppa_${r.str(HEX, 32)}`,
    line: code,
    fake: code(`shppa_${'0'.repeat(32)}`),
  },
  'shopify-shared-secret': {
    make: (r) => `shpss_${r.str(HEX, 32)}`,
    line: code,
    fake: code(`shpss_${'0'.repeat(32)}`),
  },
  'shippo-api-token': {
    make: (r) => `shippo_live_${r.str(HEX, 40)}`,
    line: code,
    fake: code(`shippo_live_${'0'.repeat(40)}`),
  },
  'flutterwave-secret-key': {
    make: (r) => `FLWSECK-${r.str('abcdefgh0123456789', 32)}-X`,
    line: code,
    fake: code(`FLWSECK-${'0'.repeat(32)}-X`),
  },
  'duffel-api-token': {
    make: (r) => `duffel_live_${r.str(URL64, 43)}`,
    line: code,
    fake: code(`duffel_test_${'x'.repeat(43)}`),
  },
  'easypost-api-key': {
    make: (r) => `EZAK${r.str(B62, 54)}`,
    line: code,
    fake: code(`EZAK${'x'.repeat(54)}`),
  },
  'paypal-braintree-token': {
    make: (r) => `access_token$production$${r.str(LOWNUM, 16)}$${r.str(HEX, 32)}`,
    line: code,
    fake: code(`access_token$production$${'x'.repeat(16)}$${'0'.repeat(32)}`),
  },
  'facebook-access-token': {
    make: (r) => `EAAG${r.str(B62, 180)}`,
    line: code,
    fake: code(`EAAG${'x'.repeat(180)}`),
  },
  'datadog-api-key': {
    make: (r) => r.str(HEX, 32),
    line: (s) => `DD_API_KEY=${s}`,
    fake: 'DD_API_KEY=<DATADOG_API_KEY>',
  },
  'datadog-app-key': {
    make: (r) => r.str(HEX, 40),
    line: (s) => `DD_APP_KEY=${s}`,
    fake: 'DD_APP_KEY=${DD_APP_KEY}',
  },
  'newrelic-user-api-key': {
    make: (r) => `NRAK-${r.str(UPNUM, 27)}`,
    line: code,
    fake: code(`NRAK-${'X'.repeat(27)}`),
  },
  'newrelic-insert-key': {
    make: (r) => `NRII-${r.str(URL64, 32)}`,
    line: code,
    fake: code(`NRII-${'x'.repeat(32)}`),
  },
  'newrelic-browser-key': {
    make: (r) => `NRJS-${r.str(HEX, 19)}`,
    line: code,
    fake: code(`NRJS-${'0'.repeat(19)}`),
  },
  'dynatrace-api-token': {
    make: (r) => `dt0c01.${r.str(UPNUM, 24)}.${r.str(UPNUM, 64)}`,
    line: code,
    fake: code(`dt0c01.${'X'.repeat(24)}.${'X'.repeat(64)}`),
  },
  'grafana-cloud-token': {
    make: (r) => `glc_${r.str(B62, 120)}`,
    line: code,
    fake: code(`glc_${'x'.repeat(120)}`),
  },
  'grafana-service-account-token': {
    make: (r) => `glsa_${r.str(B62, 32)}_${r.str(HEX, 8)}`,
    line: code,
    fake: code(`glsa_${'x'.repeat(32)}_${'0'.repeat(8)}`),
  },
  'sentry-auth-token': {
    make: (r) => `sntryu_${r.str(HEX, 64)}`,
    line: code,
    fake: code(`sntryu_${'0'.repeat(64)}`),
  },
  'honeycomb-api-key': {
    make: (r) => `hcaik_${r.str(LOWNUM, 58)}`,
    line: code,
    fake: code(`hcaik_${'x'.repeat(58)}`),
  },
  'sumologic-access-id': {
    make: (r) => `su${r.str(B62, 12)}`,
    line: (s) => `SUMO_ACCESS_ID=${s}`,
    fake: 'SUMO_ACCESS_ID=suXXXXXXXXXXXX',
  },
  'openai-api-key': {
    make: (r) => `sk-proj-${r.str(URL64, 74)}T3BlbkFJ${r.str(URL64, 74)}`,
    line: code,
    fake: code('sk-proj-xxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxx'),
  },
  'anthropic-api-key': {
    make: (r) => `sk-ant-api03-${r.str(URL64, 93)}AA`,
    line: code,
    fake: code(`sk-ant-api03-${'x'.repeat(93)}AA`),
  },
  'anthropic-admin-key': {
    make: (r) => `sk-ant-admin01-${r.str(URL64, 93)}AA`,
    line: code,
    fake: code(`sk-ant-admin01-${'x'.repeat(93)}AA`),
  },
  'huggingface-token': {
    make: (r) => `hf_${r.str(ALPHA, 34)}`,
    line: code,
    fake: code(`hf_${'x'.repeat(34)}`),
  },
  'huggingface-org-token': {
    make: (r) => `api_org_${r.str(ALPHA, 34)}`,
    line: code,
    fake: code(`api_org_${'x'.repeat(34)}`),
  },
  'replicate-api-token': {
    make: (r) => `r8_${r.str(B62, 37)}`,
    line: code,
    fake: code(`r8_${'x'.repeat(37)}`),
  },
  'groq-api-key': { make: (r) => `gsk_${r.str(B62, 52)}`, line: code, fake: code(`gsk_${'x'.repeat(52)}`) },
  'perplexity-api-key': {
    make: (r) => `pplx-${r.str(B62, 48)}`,
    line: code,
    fake: code(`pplx-${'x'.repeat(48)}`),
  },
  'xai-api-key': { make: (r) => `xai-${r.str(B62, 80)}`, line: code, fake: code(`xai-${'x'.repeat(80)}`) },
  'langsmith-api-key': {
    make: (r) => `lsv2_pt_${r.str(HEX, 32)}_${r.str(HEX, 10)}`,
    line: code,
    fake: code(`lsv2_pt_${'0'.repeat(32)}_${'0'.repeat(10)}`),
  },
  'cohere-api-key': {
    make: (r) => r.str(B62, 40),
    line: (s) => `COHERE_API_KEY=${s}`,
    fake: 'COHERE_API_KEY=os.environ["COHERE_API_KEY"]',
  },
  'linear-api-key': {
    make: (r) => `lin_api_${r.str(B62, 40)}`,
    line: code,
    fake: code(`lin_api_${'x'.repeat(40)}`),
  },
  'notion-integration-token': {
    make: (r) => `ntn_${r.str('0123456789', 11)}${r.str(B62, 35)}`,
    line: code,
    fake: code(`secret_${'x'.repeat(43)}`),
  },
  'figma-pat': { make: (r) => `figd_${r.str(URL64, 40)}`, line: code, fake: code(`figd_${'x'.repeat(40)}`) },
  'airtable-pat': {
    make: (r) => `pat${r.str(B62, 14)}.${r.str(HEX, 64)}`,
    line: code,
    fake: code(`pat${'x'.repeat(14)}.${'0'.repeat(64)}`),
  },
  'hubspot-private-app-token': {
    make: (r) => `pat-na1-${uuid(r)}`,
    line: code,
    fake: code('pat-na1-00000000-0000-0000-0000-000000000000'),
  },
  'typeform-pat': { make: (r) => `tfp_${r.str(URL64, 59)}`, line: code, fake: code(`tfp_${'x'.repeat(59)}`) },
  'contentful-pat': {
    make: (r) => `CFPAT-${r.str(URL64, 43)}`,
    line: code,
    fake: code(`CFPAT-${'x'.repeat(43)}`),
  },
  'frameio-token': {
    make: (r) => `fio-u-${r.str(URL64, 64)}`,
    line: code,
    fake: code(`fio-u-${'x'.repeat(64)}`),
  },
  'adafruit-io-key': {
    make: (r) => `aio_${r.str(B62, 28)}`,
    line: code,
    fake: code(`aio_${'x'.repeat(28)}`),
  },
  'mapbox-secret-token': {
    make: (r) => `sk.eyJ${r.str(URL64, 60)}.${r.str(URL64, 22)}`,
    line: code,
    fake: code(`sk.eyJ${'x'.repeat(60)}.${'x'.repeat(22)}`),
  },
  'onepassword-service-account-token': {
    make: (r) => `ops_eyJ${r.str(B64, 300)}`,
    line: code,
    fake: code('ops_eyJ...'),
  },
  'onepassword-secret-key': {
    make: (r) =>
      `A3-${r.str(UPNUM, 6)}-${r.str(UPNUM, 6)}-${r.str(UPNUM, 5)}-${r.str(UPNUM, 5)}-${r.str(UPNUM, 5)}-${r.str(UPNUM, 5)}`,
    line: code,
    fake: code('A3-XXXXXX-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX'),
  },
  'planetscale-token': {
    make: (r) => `pscale_tkn_${r.str(URL64, 43)}`,
    line: code,
    fake: code(`pscale_tkn_${'x'.repeat(43)}`),
  },
  'databricks-token': {
    make: (r) => `dapi${r.str(HEX, 32)}`,
    line: code,
    fake: code(`dapi${'0'.repeat(32)}`),
  },
  'supabase-secret': {
    make: (r) => `sbp_${r.str(HEX, 40)}`,
    line: code,
    fake: code(`sbp_${'0'.repeat(40)}`),
  },
  'netlify-token': { make: (r) => `nfp_${r.str(B62, 36)}`, line: code, fake: code(`nfp_${'x'.repeat(36)}`) },
  'render-api-key': { make: (r) => `rnd_${r.str(B62, 32)}`, line: code, fake: code(`rnd_${'x'.repeat(32)}`) },
  'tailscale-key': {
    make: (r) => `tskey-auth-${r.str(B62, 12)}-${r.str(B62, 30)}`,
    line: code,
    fake: code(`tskey-auth-${'x'.repeat(12)}-${'x'.repeat(30)}`),
  },
  'scalingo-api-token': {
    make: (r) => `tk-us-${r.str(URL64, 48)}`,
    line: code,
    fake: code(`tk-us-${'x'.repeat(48)}`),
  },
  'age-secret-key': {
    make: (r) => `AGE-SECRET-KEY-1${r.str('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)}`,
    line: (s) => `# ${s}`,
    fake: '# AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ',
  },
  'okta-api-token': {
    make: (r) => `00${r.str(URL64, 40)}`,
    line: (s) => `OKTA_API_TOKEN=${s}`,
    fake: 'OKTA_API_TOKEN={{ okta_token }}',
  },
  'private-key-rsa': {
    make: (r) => pem(r, 'RSA PRIVATE KEY'),
    line: (s) => s,
    fake: '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----',
  },
  'private-key-ec': {
    make: (r) => pem(r, 'EC PRIVATE KEY', 120),
    line: (s) => s,
    fake: '-----BEGIN EC PRIVATE KEY-----\n<your key here>\n-----END EC PRIVATE KEY-----',
  },
  'private-key-dsa': {
    make: (r) => pem(r, 'DSA PRIVATE KEY', 440),
    line: (s) => s,
    fake: '-----BEGIN DSA PRIVATE KEY-----\nxxxx\n-----END DSA PRIVATE KEY-----',
  },
  'private-key-openssh': {
    make: (r) => pem(r, 'OPENSSH PRIVATE KEY', 400),
    line: (s) => s,
    fake: '-----BEGIN OPENSSH PRIVATE KEY-----\n[redacted]\n-----END OPENSSH PRIVATE KEY-----',
  },
  'private-key-pkcs8': {
    make: (r) => pem(r, 'PRIVATE KEY', 1200),
    line: (s) => s,
    fake: 'const header = "-----BEGIN PRIVATE KEY-----"',
  },
  'private-key-encrypted': {
    make: (r) => pem(r, 'ENCRYPTED PRIVATE KEY', 1200),
    line: (s) => s,
    fake: "if (pem.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----')) {",
  },
  'pgp-private-key': {
    make: (r) => pem(r, 'PGP PRIVATE KEY BLOCK', 1500).replace('-----\n', '-----\n\n'),
    line: (s) => s,
    fake: '-----BEGIN PGP PRIVATE KEY BLOCK-----\n...\n-----END PGP PRIVATE KEY BLOCK-----',
  },
  'putty-private-key': {
    make: (r) =>
      Buffer.from(Array.from({ length: 300 }, () => r.int(0, 255)))
        .toString('base64')
        .match(/.{1,64}/g)
        .join('\n'),
    line: (s) =>
      `PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: rsa-key\nPublic-Lines: 2\nAAAAB3NzaC1yc2EAAAABJQAAAQEA\nAAAAB3NzaC1yc2EAAAABJQAAAQEA\nPrivate-Lines: 5\n${s}\nPrivate-MAC: 0000`,
    fake: 'PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nPrivate-Lines: 0',
  },
  jwt: { make: jwt, line: code, fake: code('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.invalid') },
  'database-url-password': {
    make: (r) => r.str(B62, 16),
    line: (s) => `DATABASE_URL=postgres://app:${s}@db.internal:5432/app`,
    fake: 'DATABASE_URL=postgres://postgres:postgres@localhost:5432/app',
  },
  'url-basic-auth': {
    make: (r) => r.str(B62, 20),
    line: (s) => `url = "https://deploy:${s}@git.example.org/repo.git"`,
    fake: 'url = "https://user:${GIT_PASSWORD}@git.example.org/repo.git"',
  },
  'connection-string-password': {
    make: (r) => r.str(B62, 18),
    line: (s) => `"Server=tcp:sql.internal,1433;Database=app;User Id=app;Password=${s};"`,
    fake: '"Server=tcp:sql.internal,1433;Database=app;User Id=app;Password=<password>;"',
  },
  'authorization-basic': {
    make: (r) => Buffer.from(`deploy:${r.str(B62, 16)}`).toString('base64'),
    line: (s) => `-H "Authorization: Basic ${s}"`,
    fake: '-H "Authorization: Basic $CREDENTIALS"',
  },
  'authorization-bearer': {
    make: (r) => r.str(URL64, 48),
    line: (s) => `headers = {"Authorization": "Bearer ${s}"}`,
    fake: 'headers = {"Authorization": f"Bearer {token}"}',
  },
  'kubernetes-secret-manifest': {
    make: (r) => Buffer.from(r.str(B62, 24)).toString('base64'),
    line: (s) =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\ndata:\n  password: ${s}`,
    fake: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\ndata:\n  password: {{ .Values.password | b64enc }}',
  },
  'generic-secret': {
    make: (r) => r.str(B62, 24),
    line: (s) => `api_secret = "${s}"`,
    fake: 'api_secret = os.environ["API_SECRET"]',
  },
  // Formats added for issue 10 (format-rules.ts): each from the provider's documented shape.
  'docker-config-auth': {
    make: (r) => Buffer.from(`deploy-bot:${r.str(B62, 20)}`).toString('base64'),
    line: (s) => `{"auths": {"registry.example.org": {"auth": "${s}"}}}`,
    fake: `{"auths": {"registry.example.org": {"auth": "${Buffer.from('user:password').toString('base64')}"}}}`,
  },
  'url-query-credential': {
    make: (r) => r.str(B62, 32),
    line: (s) => `fetch("https://api.example.org/v1/items?limit=10&api_key=${s}")`,
    fake: 'fetch("https://api.example.org/v1/items?limit=10&api_key=${API_KEY}")',
  },
  'http-header-credential': {
    make: (r) => r.str(B62, 32),
    line: (s) => `req.Header.Set("X-Api-Key", "${s}")`,
    fake: 'req.Header.Set("X-Api-Key", os.Getenv("API_KEY"))',
  },
  // Issue 22: Authorization schemes other than Bearer/Basic (GitHub `token`, Okta `SSWS`, …)
  // and web server header directives (nginx `proxy_set_header`, Apache `RequestHeader`).
  'authorization-scheme-credential': {
    make: (r) => r.str(HEX, 40),
    line: (s) => `curl -H "Authorization: token ${s}" https://api.github.com/user`,
    fake: 'curl -H "Authorization: token $GITHUB_TOKEN" https://api.github.com/user',
  },
  'generic-secret-config-line': {
    make: (r) => r.str(B62, 32),
    line: (s) => `    upstream_api_token ${s};`,
    fake: '    upstream_api_token $ACME_TOKEN;',
  },
  'generic-secret-env-fallback': {
    make: (r) => r.str(B62, 32),
    line: (s) => `const apiToken = process.env.ACME_API_TOKEN || '${s}'`,
    fake: "const apiToken = process.env.ACME_API_TOKEN || ''",
  },
  'generic-secret-next-line': {
    make: (r) => r.str(B62, 32),
    line: (s) => `const acmeApiToken =\n  '${s}'`,
    fake: 'const acmeApiToken =\n  process.env.ACME_API_TOKEN',
  },
  'cli-config-set-secret': {
    make: (r) => r.str(B62, 36),
    line: (s) => `aws configure set aws_secret_access_key ${s} --profile deploy`,
    fake: 'aws configure set aws_secret_access_key "$AWS_SECRET_ACCESS_KEY" --profile deploy',
  },
  'openshift-user-token': {
    make: (r) => `sha256~${r.str(URL64, 43)}`,
    line: (s) => `oc login --token=${s} --server=https://api.cluster.example.org:6443`,
    fake: 'oc login --token=sha256~<token> --server=https://api.cluster.example.org:6443',
  },
  'yandex-cloud-api-key': {
    make: (r) => `AQVN${r.str(URL64, 36)}`,
    line: (s) => `YC_API_KEY=${s}`,
    fake: 'YC_API_KEY=AQVN...',
  },
  'maxmind-license-key': {
    make: (r) => `${r.str(B62, 6)}_${r.str(B62, 29)}_mmk`,
    line: (s) => `LicenseKey ${s}`,
    fake: 'LicenseKey YOUR_LICENSE_KEY_HERE',
  },
  'plaid-access-token': {
    make: (r) =>
      `access-production-${r.str(HEX, 8)}-${r.str(HEX, 4)}-4${r.str(HEX, 3)}-a${r.str(HEX, 3)}-${r.str(HEX, 12)}`,
    line: (s) => `PLAID_ACCESS_TOKEN=${s}`,
    fake: 'PLAID_ACCESS_TOKEN=access-sandbox-<item-access-token>',
  },
  'adobe-client-secret': {
    make: (r) => `p8e-${r.str(B62, 32)}`,
    line: (s) => `ADOBE_CLIENT_SECRET="${s}"`,
    fake: 'ADOBE_CLIENT_SECRET="${ADOBE_CLIENT_SECRET}"',
  },
  'django-secret-key': {
    make: (r) => r.str('abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)', 50),
    line: (s) => `SECRET_KEY = 'django-insecure-${s}'`,
    fake: "SECRET_KEY = os.environ['DJANGO_SECRET_KEY']",
  },
  'server-config-header-credential': {
    make: (r) => r.str(B62, 32),
    line: (s) => `    proxy_set_header X-Api-Key "${s}";`,
    fake: '    proxy_set_header X-Api-Key $upstream_api_key;',
  },
  'cli-basic-auth': {
    make: (r) => r.str(B62, 18),
    line: (s) => `curl -fsS -u deploy:${s} https://ci.example.org/api/json`,
    fake: 'curl -fsS -u deploy:$CI_PASSWORD https://ci.example.org/api/json',
  },
  'docker-login-password': {
    make: (r) => r.str(B62, 20),
    line: (s) => `docker login -u ci-bot -p ${s} registry.example.org`,
    fake: 'docker login -u ci-bot -p "$REGISTRY_PASSWORD" registry.example.org',
  },
  'slack-token': {
    make: (r) => `xoxr-${r.str('0123456789', 11)}-${r.str('0123456789', 12)}-${r.str(B62, 14)}`,
    line: code,
    fake: code('xoxr-not-a-real-token'),
  },
  'slack-webhook-any': {
    make: (r) => `${r.str(UPNUM, 9)}/${r.str(UPNUM, 11)}/${r.str(B62, 24)}`,
    line: (s) => `notify: "http://hooks.slack.com/workflows/${s}"`,
    fake: 'notify: "https://hooks.slack.com/workflows/${SLACK_WORKFLOW}"',
  },
  'twilio-account-auth-token': {
    make: (r) => r.str(HEX, 32),
    line: (s) => `twilio_client = TwilioClient("AC${'7f3a9c2e'.repeat(4)}", "${s}")`,
    fake: 'twilio_client = TwilioClient(os.environ["TWILIO_SID"], os.environ["TWILIO_TOKEN"])',
  },
  'newrelic-query-key': {
    make: (r) => `NRIQ-${r.str(URL64, 32)}`,
    line: code,
    fake: code(`NRIQ-${'x'.repeat(32)}`),
  },
  'newrelic-browser-key-nrbr': {
    make: (r) => `NRBR-${r.str(HEX, 19)}`,
    line: code,
    fake: code(`NRBR-${'0'.repeat(19)}`),
  },
  'newrelic-license-key': {
    make: (r) => `${r.str(HEX, 36)}NRAL`,
    line: (s) => `license_key: ${s}`,
    fake: `license_key: ${'0'.repeat(36)}NRAL`,
  },
  'newrelic-mobile-token': {
    make: (r) => `AA${r.str(HEX, 40)}-NRMA`,
    line: code,
    fake: code(`AA${'0'.repeat(40)}-NRMA`),
  },
  'launchdarkly-key': {
    make: (r) => `sdk-${uuid(r)}`,
    line: code,
    fake: code(`sdk-${'x'.repeat(8)}-xxxx-xxxx-xxxx-${'x'.repeat(12)}`),
  },
  'cloudflare-scannable-token': {
    make: (r) => `cfut_${r.str(B62, 40)}${r.str(HEX, 8)}`,
    line: code,
    fake: code(`cfut_${'x'.repeat(48)}`),
  },
  'sonarqube-token': {
    make: (r) => `squ_${r.str(HEX, 40)}`,
    line: code,
    fake: code(`squ_${'0'.repeat(40)}`),
  },
  'pinecone-api-key': {
    make: (r) => `pcsk_${r.str(B62, 5)}_${r.str(B62, 64)}`,
    line: code,
    fake: code(`pcsk_xxxxx_${'x'.repeat(64)}`),
  },
  'github-installation-token-jwt': {
    make: (r) => `ghs_${r.int(100000, 999999)}_${jwt(r)}`,
    line: code,
    fake: code('ghs_123_eyJ.placeholder'),
  },
  'azure-container-registry-key': {
    make: (r) => `${r.str(B64, 42)}+ACR${r.str(B64, 6)}`,
    line: (s) => `az acr login --name myregistry --password-stdin <<< ${s}`,
    fake: 'az acr login --name myregistry --password-stdin <<< "$ACR_PASSWORD"',
  },
  'azure-entra-refresh-token': {
    make: (r) => `0.A${r.str(URL64, 60)}.AgABAAEAAAD${r.str(URL64, 300)}`,
    line: (s) => `cached = {"refresh_blob": "${s}"}`,
    fake: 'cached = {"refresh_blob": "<refresh token>"}',
  },
  'azure-storage-account-key': {
    make: (r) => `${r.str(B64, 86)}==`,
    line: (s) => `storage_account_key: ${s}`,
    fake: 'storage_account_key: Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  },
  'atlassian-data-center-pat': {
    make: (r) => {
      const id = String(r.int(100000000000, 999999999999))
      const bytes = Buffer.concat([
        Buffer.from(`${id}:`),
        Buffer.from(Array.from({ length: 20 }, () => r.int(0, 255))),
      ])
      return bytes.toString('base64').slice(0, 44)
    },
    line: (s) => `jira:\n  url: https://jira.example.org\n  pat: ${s}`,
    fake: 'jira:\n  url: https://jira.example.org\n  pat: ${JIRA_PAT}',
  },
  // Azure identifiable keys: fixed signature at a fixed offset (see rules/azure-key-rules.ts).
  'azure-functions-key': {
    make: (r) => `${r.str(URL64, 44)}AzFu${r.str(URL64, 5)}${r.pick(['A', 'Q', 'g', 'w'])}==`,
    line: (s) => `curl -X POST "https://orders.azurewebsites.net/api/Ingest?code=${s}"`,
    fake: 'curl -X POST "https://orders.azurewebsites.net/api/Ingest?code=<function-key>"',
  },
  'azure-search-key': {
    make: (r) => `${r.str(B64, 42)}AzSe${r.pick(['A', 'B', 'C', 'D'])}${r.str(B64, 5)}`,
    line: (s) => `search_client = SearchClient(endpoint, "products", AzureKeyCredential("${s}"))`,
    fake: 'search_client = SearchClient(endpoint, "products", AzureKeyCredential(os.environ["SEARCH_KEY"]))',
  },
  'azure-apim-key': {
    make: (r) => `${r.str(B64, 76)}APIM${r.str(B64, 5)}${r.pick(['A', 'Q', 'g', 'w'])}==`,
    line: (s) => `Ocp-Apim-Subscription-Key: ${s}`,
    fake: 'Ocp-Apim-Subscription-Key: {{apim-subscription-key}}',
  },
  'azure-devops-pat': {
    make: (r) =>
      `${r.str(B62, 52)}JQQJ99${r.pick(['A', 'B', 'C'])}${r.pick([...'ABCDEFGHIJKL'])}${r.str(B62, 16)}AZDO${r.str(B62, 4)}`,
    line: (s) => `git clone https://build:${s}@dev.azure.com/contoso/web/_git/web`,
    fake: 'git clone https://build:$(System.AccessToken)@dev.azure.com/contoso/web/_git/web',
  },
  'azure-devops-pat-legacy': {
    make: (r) => `${r.str(B32.toLowerCase(), 50)}${r.pick(['2', '5', '7'])}${r.str(B32.toLowerCase(), 1)}`,
    line: (s) => `AZURE_DEVOPS_EXT_PAT=${s}`,
    fake: 'AZURE_DEVOPS_EXT_PAT=$(AZURE_DEVOPS_EXT_PAT)',
  },
  // Chat webhooks and operations keys (see rules/chat-ops-rules.ts).
  'google-chat-webhook-url': {
    make: (r) => `AAAA${r.str(URL64, 7)}/messages?key=AIza${r.str(URL64, 35)}&token=${r.str(URL64, 43)}`,
    line: (s) => `GOOGLE_CHAT_WEBHOOK="https://chat.googleapis.com/v1/spaces/${s}"`,
    fake: 'GOOGLE_CHAT_WEBHOOK="https://chat.googleapis.com/v1/spaces/SPACE/messages?key=KEY&token=TOKEN"',
  },
  'mattermost-webhook-url': {
    make: (r) => r.str(LOWNUM, 26),
    line: (s) => `MATTERMOST_HOOK=https://chat.example.org/hooks/${s}`,
    fake: `MATTERMOST_HOOK=https://chat.example.org/hooks/${'x'.repeat(26)}`,
  },
  'zapier-webhook-url': {
    make: (r) => `${r.int(1000000, 9999999)}/${r.str(LOWNUM, 7)}`,
    line: (s) => `requests.post("https://hooks.zapier.com/hooks/catch/${s}/", json=event)`,
    fake: 'requests.post("https://hooks.zapier.com/hooks/catch/123456/abcdef/", json=event)',
  },
  'azure-workflow-webhook-url': {
    make: (r) => r.str(URL64, 43),
    line: (s) =>
      `TEAMS_WEBHOOK=https://prod-11.westeurope.logic.azure.com:443/workflows/${'7c1e4b9a'.repeat(4)}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${s}`,
    fake: 'TEAMS_WEBHOOK=https://prod-11.westeurope.logic.azure.com:443/workflows/<id>/triggers/manual/paths/invoke?sig=<sig>',
  },
  'opsgenie-api-key': {
    make: (r) => uuid(r),
    line: (s) => `curl -H "Authorization: GenieKey ${s}" https://api.opsgenie.com/v2/alerts`,
    fake: 'curl -H "Authorization: GenieKey $OPSGENIE_API_KEY" https://api.opsgenie.com/v2/alerts',
  },
  'algolia-admin-key': {
    make: (r) => r.str(HEX, 32),
    line: (s) => `ALGOLIA_ADMIN_KEY=${s}`,
    fake: 'ALGOLIA_ADMIN_KEY=${ALGOLIA_ADMIN_KEY}',
  },
  'generic-secret-xml': {
    make: (r) => r.str(B62, 20),
    line: (s) => `<password>${s}</password>`,
    fake: '<password>${db.password}</password>',
  },
  'generic-cli-secret-flag': {
    make: (r) => r.str(B62, 20),
    line: (s) => `mysql-admin --password=${s} status`,
    fake: 'mysql-admin --password="$MYSQL_PASSWORD" status',
  },
}

function r0(n) {
  return '1'.repeat(n)
}
const uuidFixed = '3f2b1c9e-8a7d-4e6f-9b0a-1c2d3e4f5a6b'

/** A line holding a fresh true secret for `ruleId`, and the secret itself. */
export function sampleFor(ruleId, r) {
  const spec = SAMPLES[ruleId]
  const secret = spec.make(r)
  return { secret, text: spec.line(secret) }
}

/** Stable short hash of a string (for corpus labels). */
export function hashOf(text) {
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}
