import { hasFiller, isDocumentedOrMarked } from '../hard-negatives.js'
import type { Rule } from '../types.js'
import { isRealPassword } from './convention-rules.js'
import { isGenericSecret } from './generic-rules.js'
import { decodeBase64, token } from './rule-builders.js'

/**
 * Rules written from providers' documented token formats (prefix, length, alphabet, checksum)
 * and from the documented shapes of credential-carrying files and command lines. Each rule's
 * comment names the format it implements.
 */

/** `user:password` after base64 decoding, printable, both parts non-empty. */
function decodesToUserPass(secret: string): boolean {
  const text = decodeBase64(secret)
  if (!text || !/^[\x20-\x7e]+$/.test(text)) return false
  const colon = text.indexOf(':')
  if (colon <= 0 || colon >= text.length - 1) return false
  // The decoded password gets the same placeholder checks as a plain one (`user:pass`).
  const password = text.slice(colon + 1)
  return !PLACEHOLDER_PASSWORD.test(password) && !isDocumentedOrMarked(password) && !hasFiller(password)
}

const PLACEHOLDER_PASSWORD = /^(?:my[_-]?)?(?:pass(?:word|wd)?|secret|changeme|test|admin|user)$/i

/**
 * Cloudflare scannable credentials end in an 8-hex checksum. Its algorithm is not documented,
 * so only its shape is checked.
 */
function cloudflareChecksumShape(secret: string): boolean {
  const body = secret.slice(secret.indexOf('_') + 1)
  return body.length === 48 && /^[a-f0-9]{8}$/i.test(body.slice(40))
}

/** Atlassian Data Center PATs: base64 of `<numeric id>:<random bytes>`. */
function isDataCenterPat(secret: string): boolean {
  const raw = secret.replace(/^BBDC-/, '')
  const bytes = Buffer.from(raw, 'base64')
  const text = bytes.subarray(0, 16).toString('latin1')
  return /^\d{6,14}:/.test(text)
}

/**
 * Jenkins' stored secret (`hudson.util.Secret`, Jenkins ≥ 2.236 "Secret" javadoc): `{` +
 * base64 of version byte 1, a 4-byte big-endian IV length (16), a 4-byte ciphertext length,
 * the IV and the AES-CBC ciphertext (whole 16-byte blocks) + `}`. The lengths must add up.
 */
export function isJenkinsSecret(secret: string): boolean {
  const bytes = Buffer.from(secret.slice(1, -1), 'base64')
  if (bytes.length < 41 || bytes[0] !== 1 || bytes.readUInt32BE(1) !== 16) return false
  const dataLength = bytes.readUInt32BE(5)
  return dataLength > 0 && dataLength % 16 === 0 && bytes.length === 9 + 16 + dataLength
}

/**
 * Query parameters that carry a credential in a URL: any name that ends in a credential word
 * (`api_key`, `access_token`, `client_secret`, `acme_api_key`, `widgetToken`, `pwd`), the
 * service name before it included; `isGenericSecret` then judges the name's words
 * (`public_key`, `next_token` are not credentials) and the value, as for an assignment.
 */
const QUERY_NAMES = '[A-Za-z0-9_.-]{0,40}?(?:key|token|secret|password|passwd|pwd)'

export const formatRules: Rule[] = [
  // Docker `config.json` / DOCKER_AUTH_CONFIG: `"auths": {"<registry>": {"auth": base64(user:password)}}`
  // (docs.docker.com, "docker login" credentials store). Escaped quotes occur when the JSON
  // is embedded in another string.
  {
    id: 'docker-config-auth',
    title: 'Docker registry credentials (config.json auths)',
    keywords: ['"auth', '\\"auth'],
    pattern:
      /\\{0,3}"auth\\{0,3}"[ \t]{0,4}:[ \t]{0,4}\\{0,3}"(?<secret>[A-Za-z0-9+/]{8,1000}={0,2})\\{0,3}"/g,
    minEntropy: 2.5,
    validate: (secret) => decodesToUserPass(secret),
  },
  // Jenkins `credentials.xml`, job and plugin configs: a `hudson.util.Secret` value under any
  // element or attribute name (`<password>`, `<privateKey>`, `<apiToken>`, `secret="…"`).
  token(
    'jenkins-encrypted-secret',
    'Jenkins encrypted secret (credentials.xml)',
    ['{aqaaabaaaa'],
    '\\{AQAAABAAAA[A-Za-z0-9+/]{44,8000}={0,2}\\}',
    {
      end: '',
      validate: isJenkinsSecret,
    },
  ),
  // Credentials in URL query strings: `?api_key=…`, `&access_token=…` (RFC 6750 §2.3 names the
  // `access_token` query parameter; many APIs document `key`/`api_key`/`token`).
  {
    // Not in an image's URL (`…/badge.svg?token=…`): a README badge carries a read-only
    // display token that every reader of the page sees (Codecov's graphing token).
    id: 'url-query-credential',
    title: 'Credential in a URL query string',
    keywords: ['key=', 'token=', 'secret=', 'password=', 'passwd=', 'pwd='],
    generic: true,
    priority: 0.5,
    allowStructured: true,
    minEntropy: 0,
    pattern: new RegExp(
      `(?<!(?:\\.(?:svg|png|gif)|\\/badge)(?:\\?[^\\s?#"'<>()]{0,200})?)[?&](?<name>${QUERY_NAMES})=(?<secret>[A-Za-z0-9._~+/%-]{8,500})(?=[&#\\s"'\`)<>\\]]|$)`,
      'gi',
    ),
    validate: (secret, context) =>
      isGenericSecret(context.groups.name ?? '', secret, { path: context.path, literal: true }),
  },
  // A header set in code: `req.Header.Set("X-Api-Key", "…")`, `headers.set('Authorization', …)`,
  // `setRequestHeader(…)`: the header's name says whether its value is a credential.
  {
    id: 'http-header-credential',
    title: 'Credential set as an HTTP header in code',
    keywords: ['header'],
    generic: true,
    priority: 0.5,
    allowStructured: true,
    minEntropy: 0,
    pattern:
      /(?:[Hh]eaders?\.(?:[Ss]et|[Aa]dd|append)|setRequestHeader|[Hh]eader)\([ \t]{0,4}["'](?<name>[\w-]{1,60})["'][ \t]{0,4},[ \t]{0,4}["'](?<secret>[^"'\n]{8,1000})["']/g,
    validate: (secret, context) =>
      isGenericSecret(context.groups.name ?? '', secret, { path: context.path, literal: true }),
    extract: (secret) => {
      const scheme = /^(?:Bearer|Token|Basic)[ \t]+/.exec(secret)
      return { start: scheme ? scheme[0].length : 0, end: secret.length }
    },
  },
  // HTTP `Authorization` schemes other than Bearer/Basic, each as its issuer documents it:
  // `token` (GitHub REST API; Django REST framework's TokenAuthentication `Token`), `Bot`
  // (Discord bot tokens), `SSWS` (Okta API tokens), `GenieKey` (Opsgenie), `Splunk` (Splunk
  // HTTP Event Collector), `ApiKey` (Elasticsearch API keys), `DeepL-Auth-Key` (DeepL),
  // `Klaviyo-API-Key` (Klaviyo private keys). The value is judged as a token.
  {
    id: 'authorization-scheme-credential',
    title: 'Credential in an Authorization header (token, Bot, SSWS, GenieKey, Splunk, ApiKey schemes)',
    keywords: ['authorization'],
    generic: true,
    priority: 0.5,
    allowStructured: true,
    minEntropy: 0,
    pattern:
      /Authorization["']?[ \t]{0,4}[:=,][ \t]{0,4}["']?(?:[Tt]oken|Bot|SSWS|GenieKey|Splunk|ApiKey|DeepL-Auth-Key|Klaviyo-API-Key)[ \t]{1,4}(?<secret>[A-Za-z0-9._~+/:-]{8,2000}={0,2})(?![A-Za-z0-9._~+/=:-])/g,
    validate: (secret, context) =>
      isGenericSecret('authorization_token', secret, { path: context.path, literal: true }),
  },
  // A header set by a web server's configuration: nginx `proxy_set_header`/`add_header`
  // (ngx_http_proxy_module, ngx_http_headers_module), Apache `RequestHeader set|append|add`
  // (mod_headers). The header's name says whether its value is a credential.
  {
    id: 'server-config-header-credential',
    title: 'Credential in a web server header directive (nginx proxy_set_header, Apache RequestHeader)',
    keywords: ['proxy_set_header', 'add_header', 'requestheader'],
    generic: true,
    priority: 0.5,
    allowStructured: true,
    minEntropy: 0,
    pattern:
      /(?:proxy_set_header|add_header|RequestHeader[ \t]{1,4}(?:set|append|add|setifempty))[ \t]{1,8}(?<name>[\w-]{1,60})[ \t]{1,8}(?<secret>"[^"\n]{8,1000}"|'[^'\n]{8,1000}'|[^\s"';]{8,1000})/gi,
    validate: (secret, context) =>
      isGenericSecret(context.groups.name ?? '', secret, { path: context.path, literal: true }) ||
      (/^(?:proxy-)?authorization$/i.test(context.groups.name ?? '') &&
        /^["']?(?:Bearer|[Tt]oken)[ \t]/.test(secret) &&
        isGenericSecret('authorization_token', secret, { path: context.path, literal: true })),
    extract: (secret) => {
      const quoted = /^["']/.test(secret) ? 1 : 0
      const scheme = /^(?:Bearer|[Tt]oken|Basic)[ \t]+/.exec(secret.slice(quoted))
      return { start: quoted + (scheme ? scheme[0].length : 0), end: secret.length - quoted }
    },
  },
  // Basic-auth credentials on a command line: `curl -u user:password`, `--user user:password`.
  {
    id: 'cli-basic-auth',
    title: 'Password on a command line (curl -u user:password)',
    keywords: ['curl', 'wget', 'http'],
    generic: true,
    priority: 0.5,
    allowStructured: true,
    minEntropy: 0,
    pattern:
      /(?<![\w-])(?:-u|--user)(?:[ \t]{1,4}|=)["']?(?<name>[A-Za-z0-9._@+-]{1,64}):(?<secret>[^\s"':@]{4,200})["']?(?=\s|$)/g,
    validate: (secret, context) =>
      !/^\$/.test(secret) && isGenericSecret('password', secret, { path: context.path, literal: true }),
  },
  // `docker login -u user -p password` / `--password password` (docker CLI reference).
  {
    id: 'docker-login-password',
    title: 'Password on a docker login command line',
    keywords: ['docker login', 'podman login', 'helm registry login'],
    generic: true,
    priority: 0.5,
    allowStructured: true,
    minEntropy: 0,
    pattern:
      /\blogin\b[^\n]{0,300}?(?<![\w-])(?:-p|--password)(?:[ \t]{1,4}|=)["']?(?<secret>[^\s"'$]{6,200})["']?/g,
    validate: (secret, context) => isGenericSecret('password', secret, { path: context.path, literal: true }),
  },
  // Slack tokens: `xox` + a type letter (b bot, p user, a app, r refresh, s session, o legacy)
  // + `-`, then dash-separated numeric ids and a random tail (api.slack.com "Token types").
  // The exact lengths vary by age and type; the prefix and the id groups are the format.
  token(
    'slack-token',
    'Slack token',
    ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxo-'],
    'xox[bparso]-(?:[0-9]{6,14}-){1,3}[A-Za-z0-9]{10,64}',
    { priority: 0.8 },
  ),
  // Slack incoming webhooks over http:// and workflow webhooks (hooks.slack.com/workflows/…).
  {
    id: 'slack-webhook-any',
    title: 'Slack webhook URL',
    keywords: ['hooks.slack.com'],
    pattern:
      /https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>[A-Za-z0-9]{8,12}\/[A-Za-z0-9]{8,12}\/[A-Za-z0-9/]{16,80})/g,
    priority: 0.8,
  },
  // Twilio: account SID `AC` + 32 hex (an identifier) with its auth token, 32 hex, nearby
  // (twilio.com/docs/iam/api/account). The token is the secret; the SID makes it Twilio's.
  {
    id: 'twilio-account-auth-token',
    title: 'Twilio auth token (with its account SID)',
    keywords: ['twilio'],
    window: { before: 400, after: 400 },
    pattern:
      /(?<![A-Za-z0-9])AC[0-9a-f]{32}(?![A-Za-z0-9])[\s\S]{1,300}?(?<![A-Za-z0-9])(?<secret>[0-9a-f]{32})(?![A-Za-z0-9])/g,
  },
  // New Relic keys (docs.newrelic.com "API keys"): user `NRAK-` + 27, insert/query `NRII-`/
  // `NRIQ-` + 32 (base64url), browser `NRJS-`/`NRBR-` + 19 hex, license keys 40 characters ending
  // `NRAL` (EU: prefixed `eu01xx`), mobile tokens ending `-NRMA`.
  token('newrelic-query-key', 'New Relic insights query key', ['nriq-'], 'NRIQ-[A-Za-z0-9_-]{32}'),
  token('newrelic-browser-key-nrbr', 'New Relic browser key', ['nrbr-'], 'NRBR-[a-f0-9]{19}'),
  token(
    'newrelic-license-key',
    'New Relic license key',
    ['nral'],
    '(?:eu01xx[A-Fa-f0-9]{30,34}|[A-Fa-f0-9]{36})NRAL',
  ),
  token(
    'newrelic-mobile-token',
    'New Relic mobile app token',
    ['-nrma'],
    '(?:eu01xx[a-f0-9]{34,40}|AA[a-f0-9]{40})-NRMA',
    { end: '(?![A-Za-z0-9_])' },
  ),
  // LaunchDarkly (docs.launchdarkly.com "Keys"): SDK keys `sdk-`, mobile keys `mob-`, API
  // access tokens `api-`, each followed by a UUID-shaped 8-4-4-4-12 body.
  token(
    'launchdarkly-key',
    'LaunchDarkly SDK key or access token',
    ['sdk-', 'mob-', 'api-'],
    '(?:sdk|mob|api)-[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}',
    { caseSensitiveKeywords: true, minEntropy: 3.2 },
  ),
  // Cloudflare scannable credentials (developers.cloudflare.com "Token formats"): `cfk_`
  // global API key, `cfut_` user token, `cfat_` account token; 40 characters and a checksum.
  token(
    'cloudflare-scannable-token',
    'Cloudflare API token or global API key',
    ['cfk_', 'cfut_', 'cfat_'],
    'cf(?:k|ut|at)_[A-Za-z0-9]{48}',
    {
      validate: cloudflareChecksumShape,
    },
  ),
  // SonarQube tokens (docs.sonarsource.com "Managing your tokens"): `squ_` user, `sqa_` global
  // analysis, `sqp_` project analysis, each + 40 hex.
  token('sonarqube-token', 'SonarQube token', ['squ_', 'sqa_', 'sqp_'], 'sq[uap]_[a-f0-9]{40}'),
  // Pinecone API keys: `pcsk_` + a short key id + `_` + the random secret.
  token('pinecone-api-key', 'Pinecone API key', ['pcsk_'], 'pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{40,100}'),
  // GitHub App installation tokens, stateless format (docs.github.com, from April 2026):
  // `ghs_` + the app id + `_` + a JWT. The 40-character checksummed form is github-server-to-server-token.
  token(
    'github-installation-token-jwt',
    'GitHub App installation token (stateless)',
    ['ghs_'],
    'ghs_[0-9]{1,12}_eyJ[A-Za-z0-9_-]{10,1000}\\.[A-Za-z0-9_-]{10,2000}\\.[A-Za-z0-9_-]{16,1000}',
  ),
  // Azure Container Registry passwords and tokens: 52 base64 characters carrying the `+ACR`
  // signature at offset 42 (learn.microsoft.com, registry authentication keys).
  token(
    'azure-container-registry-key',
    'Azure Container Registry password',
    ['+acr'],
    '[A-Za-z0-9+/]{42}\\+ACR[A-Za-z0-9+/]{6}',
    {
      end: '(?![A-Za-z0-9+/=])',
    },
  ),
  // Microsoft Entra ID (Azure AD) refresh tokens: `0.A`/`1.A` + base64url segments, the
  // second starting `AgAB` (the token version header of Entra's opaque refresh tokens).
  token(
    'azure-entra-refresh-token',
    'Microsoft Entra ID refresh token',
    ['.agab'],
    '[01]\\.A[A-Za-z0-9_-]{20,200}\\.AgAB[A-Za-z0-9_*.-]{100,4000}',
  ),
  // Azure storage account keys outside a connection string: 64 random bytes in base64 (86
  // characters + `==`) assigned to an account-key name (learn.microsoft.com, storage account
  // access keys). An 88-character literal is often wrapped onto the next line (`KEY =` then
  // the string, `KEY` then `= "…"`, a C++ brace initialiser `Key{` …), or is the fallback after an environment
  // read (`process.env.ACCOUNT_KEY || "…"`, `?? "…"`): the value is the hard-coded key.
  {
    id: 'azure-storage-account-key',
    title: 'Azure storage account key',
    keywords: ['accountkey', 'account_key', 'account-key', 'storagekey', 'storage_key', 'azure'],
    window: { before: 0, after: 300 },
    pattern:
      /(?:account|storage|azure)[\w.-]{0,30}key["'\]]{0,2}(?:[ \t]{0,4}\r?\n)?[ \t]{0,40}(?:=>|:=|\|\||\?\?|[:=,{(]|[ \t])[ \t]{0,4}(?:\r?\n[ \t]{0,40})?["'`]?(?<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/gi,
    minEntropy: 4,
    priority: 0.9,
  },
  // FileZilla site manager and recent servers (`sitemanager.xml`, `recentservers.xml`, FileZilla
  // wiki): a server's password is stored as `<Pass encoding="base64">…</Pass>`, base64 of the
  // clear text, or in clear text as `<Pass>…</Pass>` by older versions.
  {
    id: 'filezilla-password',
    title: 'Password in a FileZilla site or recent-servers file',
    keywords: ['<pass'],
    minEntropy: 0,
    allowStructured: true,
    pattern: /<Pass(?<b64>[ \t]+encoding="base64")?[ \t]*>(?<secret>[^<>\s]{4,400})<\/Pass>/g,
    validate: (secret, { groups }) => {
      const text = groups.b64 === undefined ? secret : decodeBase64(secret)
      return text !== undefined && /^[\x20-\x7e]{4,200}$/.test(text) && isRealPassword(text)
    },
  },
  // Atlassian Data Center personal access tokens (Jira, Confluence; Bitbucket adds `BBDC-`):
  // 44 base64 characters that decode to `<numeric id>:<random bytes>`.
  {
    id: 'atlassian-data-center-pat',
    title: 'Atlassian Data Center personal access token',
    keywords: ['bbdc-', 'jira', 'confluence', 'bitbucket', 'atlassian'],
    window: { before: 300, after: 300 },
    pattern: /(?<![A-Za-z0-9+/])(?<secret>(?:BBDC-)?[MNO][A-Za-z0-9+/]{43})(?![A-Za-z0-9+/=])/g,
    validate: isDataCenterPat,
  },
]
