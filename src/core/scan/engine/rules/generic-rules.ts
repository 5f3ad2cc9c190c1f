import { charClassCount, shannonEntropy } from '../entropy.js'
import { looksGenerated, readsAsWords } from '../randomness.js'
import {
  decodedText,
  hasFiller,
  isDocumentedOrMarked,
  isIdentifierLike,
  isLockfile,
  isMangledHex,
  isMediaBase64,
  isPasswordHash,
  isPlaceholderOrReference,
} from '../hard-negatives.js'
import type { MatchContext, Rule } from '../types.js'
import { jwtSegment, percentDecode } from './rule-builders.js'
import { identifierShaped } from '../identifier-shape.js'

/** Names that hold a secret, after lower-casing (`apiKey` → `apikey`). */
const SECRET_NAME =
  /secret|token|api[_.-]?key|access[_.-]?key|priv(?:ate)?[_.-]?key|signing[_.-]?key|encryption[_.-]?key|master[_.-]?key|auth[_.-]?key|credentials?|bearer|session[_.-]?key|app[_.-]?key|license[_.-]?key|hmac[_.-]?key|aes[_.-]?key|jwt[_.-]?key|consumer[_.-]?key/

/**
 * A name whose last word is `key` or `auth` (`stripeKey`, `azure_key`, `KEY`, `beeboleAuth`)
 * names a credential unless its other words say what kind of non-secret key it is (a
 * database, cache or map key). Such values must look more random than for `token`.
 */
const KEY_LAST = new Set(['key', 'auth', 'apikey'])
const NON_SECRET_KEY_WORDS = new Set(
  'sort partition hash range foreign primary composite unique cache lookup map dict object bucket s3 row column group idempotency translation i18n l10n message label ssh gpg pgp public pub kms cmk registry redis kv settings config env field prop property attr attribute item list json yaml react node element'.split(
    ' ',
  ),
)
/** `primaryKey`/`primary_key` is a database term except beside a cloud word (Azure keys). */
const CLOUD_WORD = /azure|account|storage|cosmos|search|service|subscription/

function keyNameKind(name: string): 'key' | undefined {
  // A counter after the name numbers a second credential (`sumoKey1`, `API_KEY_2`).
  const words = [...nameWords(name)]
  while (words.length > 1 && /^\d+$/.test(words.at(-1) ?? '')) words.pop()
  const last = (words.at(-1) ?? '').replace(/(?<=[a-z])\d+$/, '')
  if (!KEY_LAST.has(last)) return undefined
  const before = words.slice(0, -1)
  // A bare `auth` is a field of many formats (Docker's base64 `user:password` has its own rule).
  if (last === 'auth' && before.length === 0) return undefined
  if (before.some((w) => w === 'primary' || w === 'secondary') && before.some((w) => CLOUD_WORD.test(w)))
    return 'key'
  if (before.some((w) => NON_SECRET_KEY_WORDS.has(w))) return undefined
  return 'key'
}
/**
 * A password word in a name, on its words joined by `_` (`dbPassword` → `db_password`):
 * `password`, `passwd`, `passphrase`, `passcode`, `pwd`, or `pass` ending a word (`DB_PASS`,
 * `adminpass`). Not `pass` inside a word (`EIPAssociation`, `passedThrough`, `passport`,
 * `bypass`), which is how CloudFormation's `*Association` types and typeshed's stubs read
 * as passwords before.
 */
const PASSWORD_WORD = /(?<!by)(?:pass(?:word|wd|phrase|code)?s?|pwd)(?![a-z])/
function isPasswordName(name: string): boolean {
  return PASSWORD_WORD.test(nameWords(name).join('_'))
}

/**
 * Names that contain a secret word but hold metadata about it: `token_url`, `password_field`,
 * `secretName`, `public_key`, `max_tokens`, `key_id`. Checked on the name's words.
 */
const METADATA_FIRST = new Set(
  'public publishable pub hashed max min num is has use enable enabled show require required reset forgot validate check verify get set fetch load read generate create next prev previous last first current continuation pagination page starting sequence resume cursor request commit correlation trace idempotency nonce'.split(
    ' ',
  ),
)
const METADATA_LAST = new Set(
  'url urls uri endpoint file path dir stdin prompt command cmd name names type len length size count field param header prefix suffix id ids ttl expiry expires expiration timeout env var label format policy hash sha sha1 sha256 sha512 md5 checksum fingerprint digest regex pattern version enabled required ref commit revision uuid guid arn signature store location mode kind provider source hint help message text placeholder example rule rules validator strength input form button icon class style index limit usage tokens tokenizer keys lock ring min max used date time at created updated changed age count'.split(
    ' ',
  ),
)

/**
 * A name's words, lower-cased: `apiKey`, `API_KEY`, `api key` → `api`, `key`. The last name's
 * words are kept: one candidate asks for them three or four times (password, key kind,
 * metadata), about 2 % of a tree scan's CPU before.
 */
export function nameWords(name: string): readonly string[] {
  if (name !== lastName) {
    lastName = name
    lastWords = name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
  }
  return lastWords
}
let lastName = ''
let lastWords: readonly string[] = []

/**
 * Tokens that order or deduplicate requests rather than authenticate them: AWS's
 * `ClientToken`/`ClientRequestToken` (idempotency), WAF's `ChangeToken`/`LockToken`, Auto
 * Scaling's `LifecycleActionToken`, `PolicyUpdateToken`, sync and update tokens. Facebook's
 * client token is embedded in apps by design.
 */
const TOKEN_PURPOSE = new Set('client change lock lifecycle policy sync update'.split(' '))

function isMetadataName(name: string): boolean {
  const words = nameWords(name)
  const first = words[0] ?? ''
  const last = words.at(-1) ?? ''
  return (
    METADATA_FIRST.has(first) ||
    METADATA_LAST.has(last) ||
    (last === 'token' && TOKEN_PURPOSE.has(first)) ||
    // A service or an object that handles secrets (`secretsmanager`, `tokenManager`).
    /manager$/.test(last) ||
    // What was taken from a token is named first (`SubjectFromWebIdentityToken`).
    takenFrom(words)
  )
}

function takenFrom(words: readonly string[]): boolean {
  const from = words.indexOf('from')
  if (from <= 0) return false
  const head = words.slice(0, from).join('_')
  return !SECRET_NAME.test(head) && !PASSWORD_WORD.test(head) && !KEY_LAST.has(words[from - 1] ?? '')
}

const FILE_PATH =
  /^(?:[\w.-]+\/)*[\w.-]+\.(?:json|ya?ml|txt|pem|key|env|conf|cfg|ini|toml|xml|pub|crt|cer|p12|pfx|jks|keystore|enc|gpg|asc|properties|sh|[cm]?[jt]sx?|map|py|pyi|rb|go|md|html?|css|zip|tar|t?gz|tgz|jar|war|whl|so|dll|exe|log|csv|sql|db|sqlite)$/i

/** Files whose bare (unquoted) right-hand sides are expressions, not literals. */
const CODE_FILE =
  /\.(?:[cm]?[jt]sx?|pyi?|go|java|kt|kts|rb|php|cs|c|cc|cpp|h|hpp|rs|swift|scala|dart|lua|groovy)$/i

/** True when the value just restates the name (`TOKEN_HEADER = "token-header"`). */
function sameWords(name: string, value: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '')
  const n = norm(name)
  const v = norm(value)
  // The value holds the name and little else (`my_password_here`); a generated value that
  // happens to contain the name's letters (`…key…` in 50 random characters) does not restate it.
  return v.length > 0 && (n.includes(v) || (v.includes(n) && v.length - n.length < 16))
}

/** Values that are words in code rather than data. */
const CODE_LIKE =
  /^(?:true|false|null|none|nil|undefined|yes|no|on|off|required|optional|string|bool|boolean|int|integer|number|str|bytes|object|any|secret|password|token|hidden|masked|\d+)$/i

function unquote(raw: string): { value: string; quoted: boolean } {
  if (raw.length >= 7 && raw.startsWith('"""') && raw.endsWith('"""'))
    return { value: raw.slice(3, -3), quoted: true }
  // JSON inside a string or a log line: `{\"api_token\": \"…\"}`.
  if (raw.length >= 5 && raw.startsWith('\\"') && raw.endsWith('\\"'))
    return { value: raw.slice(2, -2), quoted: true }
  const first = raw[0]
  if ((first === '"' || first === "'" || first === '`') && raw.endsWith(first) && raw.length >= 2)
    return { value: raw.slice(1, -1), quoted: true }
  return { value: raw, quoted: false }
}

/**
 * Decides whether `raw` assigned to `name` is a credential: the name must say secret and not
 * metadata, the value must be neither a reference nor a placeholder nor an identifier, and
 * its length and entropy must clear thresholds that depend on the name (passwords are short
 * and human; tokens and keys are long and random).
 */
export function isGenericSecret(
  name: string,
  raw: string,
  context: Pick<MatchContext, 'path'> & { call?: string | undefined; literal?: boolean },
): boolean {
  // Public by design: Next.js `NEXT_PUBLIC_`, SvelteKit/Astro `PUBLIC_`, Expo `EXPO_PUBLIC_`,
  // Nuxt `NUXT_PUBLIC_` variables are inlined into the client bundle on purpose. A keyed
  // format among them is still reported, by its own rule.
  if (PUBLIC_BY_DESIGN.test(name)) return false
  const lowerName = name.toLowerCase()
  const password = isPasswordName(name)
  const named = password || SECRET_NAME.test(lowerName)
  const keyKind = named ? undefined : keyNameKind(name)
  if ((!named && !keyKind) || isMetadataName(name)) return false
  if (isLockfile(context.path)) return false
  const unquoted = unquote(raw.trim())
  // An HTTP auth scheme before the credential (`"Bearer eyJ…"`) is not part of it.
  const value = stripAuthScheme(unquoted.value.trim())
  // XML text and command-line arguments are literals even where they are not quoted.
  const quoted = unquoted.quoted || context.literal === true
  if (value.length < 8 || value.length > MAX_VALUE) return false
  // A percent-encoded token (`AAAA%2BxYz%3D`, a URL-encoded bearer token) is judged decoded.
  if (/%[0-9A-Fa-f]{2}/.test(value) && !password) {
    const decoded = percentDecode(value)
    if (decoded !== value) return isGenericSecret(name, decoded, context)
  }
  // A long run of digits under a token or key name is a numeric key (20+ digits: longer than
  // snowflake ids, epoch milliseconds and card numbers); otherwise a number is code.
  if (CODE_LIKE.test(value) && !(unquoted.quoted && numericKey(value) && !password)) return false
  if (isPlaceholderOrReference(value) || isDocumentedOrMarked(value) || hasFiller(value)) return false
  // A UUID, 40- or 64-hex string assigned to a secret name is an API key in many services'
  // formats (Heroku, Postmark, Opsgenie use UUIDs; Weights & Biases 40 hex; many 256-bit hex);
  // elsewhere an identifier. Git SHAs and digests sit under names that say so (`commit_*`,
  // `*_sha`, `*_hash`, `*_digest`, `*_ref`: metadata names above), which stay quiet.
  if (isIdentifierLike(value) && !(UUID_OR_HEX_KEY.test(value) && !password)) return false
  if (!password && isMangledHex(value)) return false
  // A stored password hash (bcrypt, Argon2, crypt, Django, LDAP formats) checks a password; it
  // does not grant access. Base64 of an image or font is media, not a key.
  if (isPasswordHash(value) || isMediaBase64(value)) return false
  // Base64 of text is judged by the text: `Y2hhbmdlbWU=` (a Kubernetes Secret's `data:`) is
  // `changeme`. A generated key decodes to bytes, never to text, so it is judged as it is.
  const text = decodedText(value)
  if (text !== undefined && isNonSecretText(name, text)) return false
  // A value with a provider's documented prefix is decided by that provider's rule (its
  // length, alphabet, checksum): a checksummed token whose checksum fails is a fake, and a
  // prefixed token of the wrong shape is not the provider's token either.
  if (OWNED_PREFIX.test(value) || OWNED_SUFFIX.test(value)) return false
  // Publishable keys are public by design (Lob `live_pub_`/`test_pub_`, Stripe `pk_` above):
  // they identify the account to browsers and are meant to be shipped.
  if (PUBLISHABLE_PREFIX.test(value)) return false
  // Generated tokens use URL- and header-safe alphabets (base64/base64url, hex, base62 with
  // `.`, `-`, `_`, `~`, `:`, `|`, `!`, `@`, `$`); `?`, `#`, `&`, `%`, `^`, `;`, `,`, `*`, quotes and
  // brackets come from prose, URLs or humans. Passwords are exempt: people pick them.
  if (!password && !TOKEN_ALPHABET.test(value)) return false
  // `@`, `$`, `!` and `|` belong to no encoding's alphabet: in a token they are a separator of
  // a known shape (a Salesforce session id `<15- or 18-character org id>!…`, a Laravel Sanctum token `id|…`), else the
  // value was typed by a person (or mangled). Passwords are exempt.
  if (!password && /[@$!|]/.test(value) && !SEPARATED_TOKEN.test(value)) return false
  // Base64 padding ends a value; it never starts one, and an encoder writes it only after a
  // data character (RFC 4648 §4, §5), never after a separator (`sk.abc.def.=`).
  if (value.startsWith('=') || /[^A-Za-z0-9+/_=-]=+$/.test(value)) return false
  // A JWT's or JWE's header is base64url of JSON (RFC 7515 §4, 7516 §4): a value that starts
  // like one (`eyJ`) but whose first part does not decode to JSON was edited by hand.
  if (/^eyJ[A-Za-z0-9_-]{8,}\./.test(value) && !jwtSegment(value.slice(0, value.indexOf('.')))) return false
  if (/\s/.test(value)) return false
  if (/^(?:\/|\.\.?\/|~\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(value)) return false
  // A URL without its scheme: a host name, an optional port, then a path (`vault.acme.internal:8200/v1/…`,
  // a container image `ghcr.io/acme/app:1.4.2`). Where a credential is used or stored.
  if (
    /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,12}(?::\d{1,5})?\/[\w.~%!$&'()*+,;=:@/-]*$/.test(
      value,
    )
  )
    return false
  // File names and relative paths (`config/secrets.json`, `id_rsa.pub`) name where a secret is.
  if (FILE_PATH.test(value)) return false
  // Regular-expression sources (a scanner's own patterns) are not credentials.
  if (/\(\?[:=!<]|\\[dswDSW]|\[\^|\{\d+,\d*\}/.test(value)) return false
  if (!quoted && /[()[\]{}]|^[A-Za-z_$][A-Za-z_$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return false
  // Upper-case words are a constant's name; a long generated upper-case base36 run (with
  // digits, changing class often) is a key in that alphabet (many services issue them).
  if (!quoted && /^[A-Z][A-Z0-9_]*$/.test(value) && !upperCaseKey(value)) return false
  // In source code a literal secret is quoted; a bare value is an expression (a variable).
  if (!quoted && CODE_FILE.test(context.path)) return false
  // An environment variable's name (`"AWS_CONTAINER_AUTHORIZATION_TOKEN"`), not its value.
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value) && !upperCaseKey(value)) return false
  // Words joined by separators (`x-aws-ec2-metadata-token`, `oauth2_access_token`, a
  // namespaced `item:os:app:store-key`) are names.
  if (
    /^[a-z][a-z0-9]{0,11}(?:[_.:-][a-z0-9]{1,12})+$/.test(value) &&
    !RANDOM_GROUPS.test(value) &&
    !digitGroups(value)
  )
    return false
  if (sameWords(name, value)) return false
  // Capitalised words joined by separators are a header or identifier (`X-Request-Id`).
  if (/^(?:[A-Z][a-z]*|[a-z]+)(?:[-_.](?:[A-Z][a-z]*|[a-z]+))+$/.test(value)) return false
  // Prose and identifiers in disguise: non-ASCII text, `?CamelCaseWords`, dates.
  if (/[^\x20-\x7e]/.test(value)) return false
  if (/^[^A-Za-z0-9]*[A-Za-z][a-z]+(?:[A-Z][a-z]+)+[^A-Za-z0-9]*$/.test(value)) return false
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?$/.test(value)) return false
  // A host name (`api.4f2a9c.example.net`): where a credential is used, not the credential.
  if (HOST_NAME.test(value)) return false
  // A call wraps the value: `require("x")`, `getenv("X")` are lookups, not literals.
  if (context.call && !/^(?:str|String|SecretStr|Secret|bytes|b|r|u|from)\($/.test(context.call)) return false
  if (/^[a-z]+(?:[_.-][a-z]+)*$/.test(value) || /^[A-Za-z][a-z]+(?:[A-Z][a-z]+)+$/.test(value)) return false
  // Words a person put together (`getAccessTokenFromCache2`, `MyApp_Prod_Secret_2024`): a
  // tokenizer's vocabulary covers them in a few pieces, a generated token never. Passwords are
  // exempt: people pick words for them.
  if (!password && readsAsWords(value)) return false
  // A dunder name (`__vite_ssr_dynamic_import__`, `__SECRET_INTERNALS__`): a language's or a
  // bundler's reserved identifier.
  if (/^__[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__$/.test(value) && !looksGenerated(value.replace(/_/g, '')))
    return false
  // An identifier path (`Symbol.asyncIterable`, `InvalidationList.NextMarker`): code, not a key.
  if (!password && identifierShaped(value)) return false
  const entropy = shannonEntropy(value)
  const classes = charClassCount(value)
  // A numeric key: ten digits are its alphabet; 20–64 random digits show 2.9–3.3 bits.
  if (/^\d+$/.test(value)) return entropy >= 2.7
  if (password)
    return entropy >= 2.8 && classes >= 2 && !DEFAULT_PASSWORD.test(value) && !spellsPlaceholder(value)
  // A bare `key` is the weakest name: demand a long, random mix of letters and digits.
  // Beyond entropy: a quoted value that reads as generated (near its alphabet's entropy,
  // frequent class changes, no word runs) counts from 10 characters (16 under a bare `key`).
  // Without a digit, a run of both cases from 12 characters (base52 tokens; camelCase names
  // were turned away above as identifiers).
  const generated =
    quoted &&
    classes >= 2 &&
    (/[0-9]/.test(value) || (value.length >= 12 && /[a-z]/.test(value) && /[A-Z]/.test(value))) &&
    looksGenerated(value)
  if (keyKind)
    return (
      (value.length >= 20 && entropy >= 3.3 && classes >= 2 && (/[0-9]/.test(value) || value.length >= 24)) ||
      (value.length >= 16 && generated)
    )
  return (value.length >= 16 && entropy >= 3.5 && classes >= 2) || (value.length >= 10 && generated)
}

/**
 * True for decoded text that is plainly no credential: a placeholder, a marked or default
 * value, filler, a word of code, or words a person put together (the last not for passwords).
 */
function isNonSecretText(name: string, text: string): boolean {
  const value = text.trim()
  const password = isPasswordName(name)
  return (
    value.length === 0 ||
    CODE_LIKE.test(value) ||
    isPlaceholderOrReference(value) ||
    isDocumentedOrMarked(value) ||
    hasFiller(value) ||
    DEFAULT_PASSWORD.test(value) ||
    spellsPlaceholder(value) ||
    sameWords(name, value) ||
    (!password && (/^[A-Za-z]+(?:[ _.-]+[A-Za-z]+)*$/.test(value) || readsAsWords(value)))
  )
}

const MAX_VALUE = 1000
/** 20 to 64 digits, not a counting or repeated run (checked by the filler test). */
function numericKey(value: string): boolean {
  return /^\d{20,64}$/.test(value)
}
/**
 * Groups of generated characters joined by separators (`e4a9c1-aeb1-e339-935d`): two or more
 * groups of 3+ characters holding a digit, where words joined by separators (`oauth2_token`,
 * `x-aws-ec2-metadata-token`) have at most one versioned word.
 */
function digitGroups(value: string): boolean {
  return value.split(/[_.-]/).filter((group) => group.length >= 3 && /\d/.test(group)).length >= 2
}
/** A DNS name under a common top-level domain, lower-case labels (RFC 1035 letters, digits, hyphens). */
const HOST_NAME =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|io|dev|app|co|cloud|ai|me|info|biz|us|uk|de|eu|local|internal|localhost)$/
/** One part of 20+ upper-case letters and digits that reads as generated (not `MAX_RETRY_COUNT`). */
function upperCaseKey(value: string): boolean {
  return value.split('_').some((part) => part.length >= 20 && /\d/.test(part) && looksGenerated(part))
}
const PUBLISHABLE_PREFIX = /^(?:live|test)_pub_/
/**
 * Default and tutorial passwords: a placeholder word with a counter or a `!` (`secret123`,
 * `password1!`, `changeme2024`, `admin@123`), as in vendors' quick-start files.
 */
const DEFAULT_PASSWORD =
  /^(?:my)?(?:pass(?:word|wd)?|p@ss(?:word)?|p@ssw0rd|passw0rd|secret|s3cr3t|admin|root|test|guest|demo|default|changeme|change_me|letmein|welcome|user|qwerty)[-_@.!#]?\d{0,8}[!#.]?$/i
/**
 * A documentation password spelled in leetspeak (`topS3cr3tP4$$w0rd`, `MyP@ssw0rd!`,
 * `SuperSecret123`): undone (`3`→e, `4`/`@`→a, `0`→o, `1`→i, `$`/`5`→s, `7`→t) and stripped of
 * digits and symbols, it is only placeholder words, `secret` or `password` among them (a
 * person's `SecureP@ss123` is a weak password, still reported).
 */
function spellsPlaceholder(value: string): boolean {
  const leet: Record<string, string> = {
    '3': 'e',
    '4': 'a',
    '@': 'a',
    '0': 'o',
    '1': 'i',
    $: 's',
    '5': 's',
    '7': 't',
  }
  const letters = value
    .replace(/[\d!#.?]+$/, '')
    .toLowerCase()
    .replace(/[34@01$57]/g, (c) => leet[c] ?? c)
    .replace(/[^a-z]/g, '')
  return /secret|password|passwd/.test(letters) && PLACEHOLDER_WORDS.test(letters)
}
const PLACEHOLDER_WORDS =
  /^(?:my|top|super|very|strong|secure|secret|password|passwd|pass|pwd|admin|root|test|demo|default|changeme|change|me|letmein|welcome|foo|bar|baz|hello|world|sample|example|dummy|qwerty|abc|xyz)+$/
const PUBLIC_BY_DESIGN = /(?:^|[.$])(?:NEXT_PUBLIC|PUBLIC|EXPO_PUBLIC|NUXT_PUBLIC)_/
/** Groups of random characters (a UUID's 8-4-4-4-12 shape), not words joined by separators. */
const RANDOM_GROUPS = /^[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}$/i
const SEPARATED_TOKEN =
  /^(?:[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?![A-Za-z0-9._]{40,}|\d{1,12}\|[A-Za-z0-9]{40,80})$/
const TOKEN_ALPHABET = /^[A-Za-z0-9+/=._~:|!@$-]+$/
/**
 * Documented token prefixes that a specific rule owns (see the provider rules for each
 * format): GitHub `gh?_`/`github_pat_` and npm `npm_` (CRC-32 checksums), Stripe `sk_`/`rk_`
 * and publishable `pk_`, OpenAI `sk-proj-`/`sk-admin-`, Anthropic `sk-ant-`, Google `AIza`,
 * New Relic `NRAK-`/`NRII-`/`NRIQ-`/`NRBR-`/`NRJS-`, Heroku `HRKU-`, Slack `xox?-`/`xapp-`,
 * GitLab `glpat-`, Vault `hvs.`/`hvb.`, DigitalOcean `do?_v1_`, JFrog `AKCp`/`cmVmdGtu`,
 * SonarQube `squ_`/`sqa_`/`sqp_`, Cloudflare `cfut_`/`cfk_`, Mapbox `sk.eyJ`, Shopify `shp??_`, Brevo
 * `xkeysib-`, SendGrid `SG.`, AWS `AKIA`/`ASIA`, Alibaba `LTAI`, Buildkite `bkua_`, OpenRouter
 * `sk-or-v1-`, xAI `xai-`, Harness `pat.<account>.`, Plaid `access-<environment>-`, Amazon Bedrock
 * `ABSK`/`bedrock-api-key-`; and a JWT's
 * `eyJ….eyJ` header and payload, which the jwt rule decodes.
 */
const OWNED_PREFIX =
  /^(?:gh[pousr]_|github_pat_|npm_|[sr]k_(?:live|test)_|pk_(?:live|test)_|sk-(?:proj|admin|svcacct|ant|or-v1)-|xai-|ABSK|bedrock-api-key-|pat\.[A-Za-z0-9_-]{20,24}\.|AIza|NR(?:AK|II|IQ|BR|JS)-|HRKU-|xox[a-z]-|xapp-|glpat-|hv[sb]\.|do[opr]_v1_|AKCp|cmVmdGtu|sq[uap]_|cf(?:ut|at|k)_|sk\.eyJ|shp(?:at|ca|pa|ss)_|xkeysib-|SG\.|AKIA|ASIA|LTAI|bkua_|access-(?:sandbox|development|production)-|eyJ[A-Za-z0-9_-]{2,}\.eyJ)/
/** Documented token suffixes a specific rule owns: New Relic license keys `…NRAL`, mobile tokens `…-NRMA`. */
const OWNED_SUFFIX = /(?:NRAL|-NRMA)$/
const UUID_OR_HEX_KEY =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{40}|[0-9a-f]{64})$/i
/**
 * What precedes a credential in the same value: an HTTP auth scheme (`Bearer …`), or the fixed
 * user name a Git host takes with a token as the password (GitLab `oauth2:<token>`, GitHub
 * `x-access-token:<token>`, Bitbucket `x-token-auth:<token>`).
 */
const AUTH_SCHEME =
  /^(?:(?:Bearer|Token|Basic|Bot|token)[ \t]+|(?:oauth2|x-access-token|x-token-auth):)(?=\S+$)/

function stripAuthScheme(value: string): string {
  return value.replace(AUTH_SCHEME, '')
}

/** The last whitespace-separated word of `text`, without enclosing braces. */
function lastWord(text: string): { start: number; end: number } {
  let end = text.length
  while (end > 0 && /[\s}]/.test(text[end - 1] ?? '')) end--
  let start = end
  while (start > 0 && !/[\s{]/.test(text[start - 1] ?? '')) start--
  return { start, end }
}

/** Reports the credential inside a quoted value: without quotes, edge spaces or auth scheme. */
function extractValue(raw: string): { start: number; end: number } {
  let start = 0
  let end = raw.length
  const first = raw[0]
  if (raw.length >= 7 && raw.startsWith('"""') && raw.endsWith('"""')) {
    start += 3
    end -= 3
  } else if (raw.length >= 5 && raw.startsWith('\\"') && raw.endsWith('\\"')) {
    start += 2
    end -= 2
  } else if ((first === '"' || first === "'" || first === '`') && raw.endsWith(first) && raw.length >= 2) {
    start++
    end--
  }
  while (start < end && /\s/.test(raw[start] ?? '')) start++
  while (end > start && /\s/.test(raw[end - 1] ?? '')) end--
  const scheme = AUTH_SCHEME.exec(raw.slice(start, end))
  if (scheme) start += scheme[0].length
  return { start, end }
}

/**
 * The name a literal passed to a call is judged under: the method's own name, without a
 * setter's `set`/`with`/`put` (`client.setApiKey` → `ApiKey`). A call that reads, checks or
 * transforms (`getToken("name")`, `verifyPassword(…)`, `decodeToken(…)`) takes a key or an
 * input, not a stored credential; one that asks for it (`getpass.getpass(" Password: ")`,
 * `prompt(…)`) takes the question.
 */
export function argumentName(name: string): string {
  const method = name.slice(name.lastIndexOf('.') + 1)
  if (CALL_READS.test(method)) return ''
  return method.replace(/^(?:set|with|put)(?=[A-Z_])/, '')
}
const CALL_READS =
  /^(?:get|fetch|load|read|has|is|validate|verify|check|assert|expect|decode|parse|revoke|delete|remove|find|lookup|mask|redact|compare|match|hash|encrypt|decrypt|sign|refresh|generate|create|new|to|from|print|log|getpass|askpass|prompt|input|ask|readline)(?:[A-Z_]|$)/

const PHRASE_KEYWORDS = [
  'api key',
  'access key',
  'secret key',
  'auth key',
  'insert key',
  'query key',
  'license key',
  'app key',
  'api token',
  'access token',
  'auth token',
  'bot token',
  'bearer token',
  'api secret',
  'client secret',
  'app secret',
]
/**
 * A collection named for what it holds (`credentials:`, `secrets:`, `api_keys:`, `tokens`,
 * `passwords`): an entry of a map is named by both (`credentials.acme` reads as "the acme
 * credential"), an item of a list by the collection's singular (`api_keys: [- …]` holds API
 * keys). Entries that say who or where (`username`, `host`, `client_id`) are not the secret.
 */
const COLLECTION =
  '[\\w-]{0,40}?(?:secrets|credentials|creds|tokens|(?:api|access|secret|private|signing|auth|license)[_-]?keys|passwords|passwds)'
const COLLECTION_KEYWORDS = [
  'secrets',
  'credentials',
  'creds',
  'tokens',
  'api_keys',
  'api-keys',
  'apikeys',
  'access_keys',
  'accesskeys',
  'secret_keys',
  'secretkeys',
  'private_keys',
  'privatekeys',
  'signing_keys',
  'signingkeys',
  'auth_keys',
  'license_keys',
  'passwords',
  'passwds',
].flatMap((word) => [':', '":', "':", ' :', '=', ' =', '" =>', "' =>"].map((operator) => word + operator))
const IDENTITY_ENTRY =
  /^(?:user(?:name)?|login|e?mail|account|host(?:name)?|region|realm|tenant|project|org(?:anization)?|domain|scope|audience|issuer|owner|provider|description|enabled)$/i

function collectionEntryName(collection: string, entry: string | undefined): string | undefined {
  // SES `DkimTokens` are published as DNS CNAME records: public by design.
  if (/dkim/i.test(collection)) return undefined
  const singular = collection.replace(/(?<=[a-z])s$/i, '')
  if (entry === undefined) return singular
  return IDENTITY_ENTRY.test(entry) ? undefined : `${singular}_${entry}`
}

const GENERIC_KEYWORDS = ['pass', 'pwd', 'secret', 'token', 'key', 'cred', 'bearer', 'salt', 'auth']

/**
 * The generic rules tried only at their keywords: isGenericSecret accepts only names holding a
 * keyword; a name starts after a character outside [\w.$@-] (the patterns' lookbehind) and is
 * at most 81 characters long.
 */
const ANCHORED_GENERIC = {
  keywords: GENERIC_KEYWORDS,
  generic: true,
  priority: 0,
  allowStructured: true,
  minEntropy: 0,
  keywordInName: { nameChar: /[\w.$@-]/, maxLength: 81 },
} satisfies Partial<Rule>

/** High-entropy values assigned to secret-like names, across languages and file formats. */
export const genericRules: Rule[] = [
  {
    id: 'generic-secret',
    title: 'Generic secret assigned to a secret-like name',
    ...ANCHORED_GENERIC,
    // (A name after `::` is a namespace's member or a type: CloudFormation's
    // `"AWS::IAM::AccessKey": …` tables key resource types, not credentials. A name right
    // after `word:` is a segment of a namespaced identifier, an ARN's `…:secret:name-a1b2c3`
    // or a URN, except PowerShell's `$env:NAME = …`.)
    // name, optional closing quote/bracket, an assignment operator (=, :, :=, =>, or the
    // space of a Dockerfile ENV/ARG), then a quoted or bare value. All quantifiers bounded.
    // A spaced dash before a quoted value is the separator of notes and chat logs
    // (`deploy token - 'abc…'`).
    // Also: a typed declaration (`val token: String = "…"`, Rust's `const TOKEN: &str = "…"`), Make's `?=`/`::=`, PHP's `.=`,
    // a quoted name and value as a call's first arguments or a pair (`setProperty("API_TOKEN",
    // "…")`, `getenv("TOKEN", "…")`, `{"token", "…"}`; not two neighbours in a list of strings),
    // a YAML `!!str` tag, C#'s `@"…"` and Python's `r"…"`/`b"…"`
    // string prefixes, TOML's `"""…"""` strings.
    // Also: a C array (`char token[] = "…"`), a Go typed declaration (`var token string =
    // "…"`), R's `<-`, a comparison with a literal (`if password == "…"`, `!==`), and a setter
    // or builder call with a literal (`client.setApiKey("…")`, `.apiKey("…")`, `withToken("…")`),
    // and csh/tcsh `setenv NAME value` beside fish's `set -x` and Windows `setx`.
    pattern:
      /(?<![\w.$@-]|::|\w(?<!\$[Ee][Nn][Vv]):)(?:\.(?=[A-Za-z_$][\w$]{0,80}\())?(?<name>[A-Za-z_$@][\w.$-]{0,80})(?:\[\d{0,5}\])?(?:\\?["'\]]){0,2}(?::[ \t]{0,4}(?:&(?:'static[ \t]{1,4})?)?[A-Za-z][\w.<>?]{0,30}(?=[ \t]{0,4}=[ \t]{0,4}["'`])|[ \t]{1,4}(?:string|\[\]byte)(?=[ \t]{0,4}=[ \t]{0,4}["'`]))?(?:[ \t]{0,8}(?::{2,3}=|:=|=>|\?\?=|\|\|=|\?=|\.=|\+=|[:=])(?![=>~])|[ \t]{0,8}(?:[!=]==?|<<?-)(?=[ \t]{0,4}["'`])|(?<argcall>\()(?=[ \t]{0,4}["'])|[ \t]{1,4}-(?=[ \t]{1,4}["'`])|(?<=[({][ \t]{0,4}["'][\w.$@-]{1,81}["'])[ \t]{0,4},(?=[ \t]{0,4}["'])|(?<=^[ \t]*(?:ENV|ARG|#[ \t]*define|setx|setenv|set[ \t]+-[gUx]{1,2}x?)[ \t]+[\w.-]{1,81})[ \t])[ \t]{0,8}(?:!!(?:str|binary)[ \t]{1,4}|[@rbuRBU](?=["']))?(?<call>[A-Za-z]{1,8}\()?(?:(?:Bearer|Token|Bot)[ \t]{1,4}(?=[A-Za-z0-9]))?(?<secret>\\"[^"\\\n]{1,1000}\\"|"""[^"\n]{1,1000}"""|"[^"\n]{1,1000}"|'[^'\n]{1,1000}'|`[^`\n]{1,1000}`|[^\s"'`,;)}\]<>]{1,1000}(?=[\s"'`,;)}\]]|$))/gm,
    validate: (secret, context) =>
      isGenericSecret(
        context.groups.argcall === undefined
          ? (context.groups.name ?? '')
          : argumentName(context.groups.name ?? ''),
        secret,
        { path: context.path, call: context.groups.call },
      ),
    extract: extractValue,
  },
  {
    // The literal fallback of an environment read is a hard-coded secret: the code ships it for
    // when the variable is unset. Judged under the variable's name. Node `process.env.NAME`
    // (`import.meta.env`, `Bun.env`), `Deno.env.get("NAME")`, Python `os.environ.get("NAME")
    // or "…"`, PHP `getenv('NAME') ?: '…'` and `$_ENV['NAME'] ?? '…'`, Ruby `ENV["NAME"] ||
    // "…"` and `ENV.fetch("NAME") { "…" }`, Kotlin `System.getenv("NAME") ?: "…"`, C#
    // `GetEnvironmentVariable("NAME") ?? "…"`, Java `Optional…orElse("…")`, Rust
    // `env::var("NAME").unwrap_or("…")`; and a default inside a reference, `${NAME:-…}` (POSIX
    // shell, Compose), `${NAME-…}`, `${NAME:=…}`, Spring's `${name:…}` in code and config.
    // (`getenv("NAME", "…")` and `ENV.fetch("NAME", "…")` are call arguments, read by
    // `generic-secret`.)
    id: 'generic-secret-env-fallback',
    title: 'Generic secret given as the fallback of an environment variable',
    ...ANCHORED_GENERIC,
    pattern:
      /(?:(?:(?<![\w.$@-])(?:process\.env|import\.meta\.env|Bun\.env)\.(?<name>[A-Za-z_$][\w$]{0,80})|(?<=(?:\b(?:getenv|getEnv|Getenv|GetEnvironmentVariable|environ\.get|env\.get|env::var|ENV\.fetch|ENV|environ|process\.env)|\$_ENV|\$_SERVER)[ \t]{0,2}[[(][ \t]{0,4}["'])(?<quotedName>[A-Za-z_][\w.-]{0,80})["'][ \t]{0,4}[\])](?:[ \t]{0,4}\))?)[ \t]{0,4}(?:\|\||\?\?|\?:|or(?=[ \t])|\{|\.(?:orElse|unwrap_or|unwrapOr|getOrElse|or)\((?:\|_\|)?)[ \t]{0,4}|(?<=\$\{)(?<refName>[A-Za-z_][\w.-]{0,80})(?::-|:=|-|:)(?![?+]))(?<secret>"[^"\n]{1,1000}"|'[^'\n]{1,1000}'|`[^`\n]{1,1000}`|[^\s"'`${}]{1,1000}(?=\}))/g,
    // A code fallback is a quoted literal; the default inside a reference is a literal either way.
    validate: (secret, context) => {
      const { name, quotedName, refName } = context.groups
      if (refName !== undefined)
        return isGenericSecret(refName, secret, { path: context.path, literal: true })
      return (
        /^["'`]/.test(secret) && isGenericSecret(name ?? quotedName ?? '', secret, { path: context.path })
      )
    },
    extract: extractValue,
  },
  {
    // A name on one line and its value on the next, as formatters wrap a long assignment
    // (Prettier's `const apiToken =` then the string, Python's `= (` or `= \` continuation,
    // Kotlin's `val apiToken: String =`, a JSON or YAML key whose quoted value is wrapped) and
    // YAML block scalars (`api_key: >-`, `|`, `|-`, the value indented on the next line).
    // Bounded: the next non-empty line only, holding nothing but one quoted literal (and a
    // closing `,`, `;` or `)` and a comment), or under a block scalar one plain scalar that the block does
    // not continue on the line after (a multi-line block is a script or a document). The
    // window (400 characters after the keyword) always holds that line after: the name, the
    // operator, two blank lines and the indent take at most 270, the plain scalar 100.
    id: 'generic-secret-next-line',
    title: 'Generic secret assigned on the line after its name',
    ...ANCHORED_GENERIC,
    window: { before: 0, after: 400 },
    pattern:
      /(?<![\w.$@-])(?=(?<name>[A-Za-z_$][\w.$-]{0,80}))\k<name>["'\]]{0,2}(?:(?::[ \t]{0,4}[A-Za-z][\w.<>?]{0,30}(?=[ \t]{0,4}=))?[ \t]{0,8}(?::=|=|:)[ \t]{0,4}(?:[(\\][ \t]{0,4})?|[ \t]{0,8}:[ \t]{1,4}[>|][-+1-9]{0,2})[ \t]*\r?\n(?:[ \t]{0,40}\r?\n){0,2}(?<indent>[ \t]{0,40})(?<secret>"[^"\n]{1,1000}"|'[^'\n]{1,1000}'|`[^`\n]{1,1000}`|(?<=[>|][-+1-9]{0,2}[ \t]*\r?\n(?:[ \t]{0,40}\r?\n){0,2}[ \t]{1,40})[^\s"'`#][^\s]{7,99}(?=[ \t]*(?:[ \t]#[^\n]*)?\r?$)(?![^\n]*\r?\n\k<indent>[ \t]*\S))(?:[ \t]{0,4}[,;)])?[ \t]*(?:[ \t](?:#|\/\/)[^\n]*)?\r?$/gm,
    validate: (secret, context) => isGenericSecret(context.groups.name ?? '', secret, { path: context.path }),
    extract: extractValue,
  },
  {
    // A config line that is only a name and a value (nginx, ssh_config, Postfix, many `.conf`
    // files: `api_token <value>`): the value 8+ characters without `=`, `:`, `#`, `;` or quotes.
    // Its own rule, anchored at the keyword like `generic-secret`, so the line-start check
    // costs nothing on other lines.
    id: 'generic-secret-config-line',
    title: 'Generic secret on a config line of a name and a value (nginx, ssh_config style)',
    ...ANCHORED_GENERIC,
    pattern:
      /(?<=^[ \t]{0,40})(?<name>[A-Za-z_][\w.-]{0,80})[ \t]{1,8}(?<secret>[^\s"'`=:#;]{8,1000})[ \t]*;?[ \t]*\r?$/gm,
    validate: (secret, context) => isGenericSecret(context.groups.name ?? '', secret, { path: context.path }),
  },
  {
    id: 'generic-secret-xml',
    title: 'Generic secret in an XML element',
    keywords: GENERIC_KEYWORDS,
    generic: true,
    priority: 0,
    allowStructured: true,
    minEntropy: 0,
    // Also an element named by its attribute: Android string resources (`<string
    // name="api_key">…</string>`), `<entry key="…">…</entry>`, `<param name="…">…</param>`.
    pattern:
      /<(?:(?<name>[\w.:-]{1,80})|(?<element>string|item|entry|param|value|setting)[ \t]+(?:name|key)[ \t]*=[ \t]*"(?<attr>[\w.:-]{1,80})"[^<>\n]{0,80})>(?<secret>[^<\n]{8,400})<\/(?:\k<name>|\k<element>)>/g,
    // The element's text may wrap the credential (`{scheme value}`, a label before it): the
    // credential is its last word.
    validate: (secret, context) => {
      const span = lastWord(secret)
      return isGenericSecret(
        context.groups.name ?? context.groups.attr ?? '',
        secret.slice(span.start, span.end),
        {
          path: context.path,
          literal: true,
        },
      )
    },
    extract: lastWord,
  },
  {
    // Prose and logs name a credential in words: `API key: …`, `Access token = …`, `your
    // secret key is …`, `new relic insert key = '…'`. The two-word phrase is the keyword, so
    // code (where names have no spaces) rarely reaches the regex.
    id: 'generic-secret-phrase',
    title: 'Generic secret after a phrase naming a credential',
    keywords: PHRASE_KEYWORDS,
    generic: true,
    priority: 0,
    allowStructured: true,
    minEntropy: 0,
    pattern:
      /(?<![\w-])(?<name>(?:[A-Za-z][\w-]{0,20}[ \t]){0,3}(?:api|access|secret|auth|client|insert|query|license|private|app|bot|personal|bearer)[ \t](?:key|token|secret|password))[ \t]{0,4}(?:[:=]|[ \t](?:is|was)[ \t])[ \t]{0,4}(?<secret>"[^"\n]{1,400}"|'[^'\n]{1,400}'|[^\s"'`,;)}\]<>]{1,400})/gi,
    validate: (secret, context) =>
      isGenericSecret((context.groups.name ?? '').replace(/[ \t]+/g, '_'), secret.replace(/[.,]$/, ''), {
        path: context.path,
      }),
    extract: (secret) => {
      const span = extractValue(secret)
      return /[.,]$/.test(secret.slice(span.start, span.end))
        ? { start: span.start, end: span.end - 1 }
        : span
    },
  },
  {
    // A variable given as a name/value pair: Kubernetes and Compose `env` lists
    // (`- name: DB_PASSWORD` then `value: …`), ECS task definitions and GitHub/Azure pipeline
    // variables (`{"name": "API_TOKEN", "value": "…"}`), on one line or the next; XML
    // attribute pairs (Spring/Ant `<property name="…" value="…"/>`, PHPUnit `<env name="…"
    // value="…"/>`, `<param name="…" value="…"/>`). The same pair under other keys: Postman
    // environments and collection variables (`{"key": "api_key", "value": "…"}`),
    // CloudFormation container environments (`Name`/`Value`) and parameter files and CLI
    // shorthand (`ParameterKey=DbPassword,ParameterValue=…`), Elastic Beanstalk
    // `option_settings` (`option_name:` then `value:`). (`<add key="…" value="…"/>` is
    // `xml-key-value-secret`'s.)
    id: 'generic-secret-name-value',
    title: 'Generic secret in a name/value pair',
    // The name key with its operator, so plain `name` identifiers in code never reach the regex.
    keywords: [
      'name:',
      'name":',
      "name':",
      'name" :',
      'name=',
      'name =',
      'key":',
      "key':",
      'key:',
      'parameterkey=',
    ],
    window: { before: 0, after: 300 },
    generic: true,
    priority: 0,
    allowStructured: true,
    minEntropy: 0,
    pattern:
      /(?<![\w-])["']?(?:[Nn]ame|[Kk]ey(?=["']?[ \t]{0,4}:)|ParameterKey|OptionName|option_name)["']?[ \t]{0,4}[:=][ \t]{0,4}["']?(?<name>[A-Za-z_][\w.-]{0,80})["']?[ \t]{0,4}(?:,[ \t]{0,4}|\r?\n[ \t]{0,40}|(?<=["'])[ \t]{1,4})["']?(?:[Vv]alue|ParameterValue|OptionValue)["']?[ \t]{0,4}[:=][ \t]{0,4}(?<secret>"[^"\n]{1,1000}"|'[^'\n]{1,1000}'|[^\s"'`,;)}\]<>]{1,1000}(?=[\s"'`,;)}\]]|$))/g,
    validate: (secret, context) =>
      isGenericSecret(context.groups.name ?? '', secret, { path: context.path, literal: true }),
    extract: extractValue,
  },
  {
    // Entries of a collection named for secrets, in YAML (a block map or list under
    // `credentials:`, up to 12 lines below it and not past another block's header) and JSON
    // (`"credentials": {"acme": "…"}`, `"tokens": ["…"]`, one line or several) and code's
    // object literals: Rails
    // `credentials.yml`, per-service token maps in app configs, key lists. Named by the
    // collection and the entry (`collectionEntryName`), then judged as any assignment. The JSON
    // branch's whole match is the quoted value (no `secret` group: one name per group).
    id: 'generic-secret-collection',
    title: 'Generic secret in a collection of secrets',
    // The collection's name with its operator, so a window opens only at a header (`tokens`
    // alone is in every tokenizer). Keys only as credential keys (`api_keys`, `signing_keys`):
    // `keys`, `sort_keys`, `non_aggregate_keys` hold field names.
    keywords: COLLECTION_KEYWORDS,
    window: { before: 60, after: 1000 },
    generic: true,
    priority: 0,
    minEntropy: 0,
    pattern: new RegExp(
      // YAML: at a line start, after the header alone on its line and up to 12 indented lines
      // that open no block of their own. Each line of the look-behind starts at its first
      // non-blank character, so it can be split only one way (no backtracking blow-up); the
      // look-ahead first keeps it to lines that hold an entry with a value of 8+ characters.
      `^(?=[ \\t]+(?:-[ \\t]+|["']?[A-Za-z_][\\w.-]{0,60}["']?[ \\t]{0,4}:[ \\t]+)[^\\s#]{8})(?<=^[ \\t]{0,40}["']?(?<collection>${COLLECTION})["']?[ \\t]{0,4}:[ \\t]*\\r?\\n(?:[ \\t]+(?![^\\n]*:[ \\t]*\\r?$)[^ \\t\\n][^\\n]*\\n|[ \\t]*\\r?\\n){0,12})` +
        `[ \\t]+(?:-[ \\t]+|["']?(?<entry>[A-Za-z_][\\w.-]{0,60})["']?[ \\t]{0,4}:[ \\t]+)` +
        `(?<secret>"[^"\\n]{1,1000}"|'[^'\\n]{1,1000}'|[^\\s"'#][^\\s]{0,999})[ \\t]*(?:#[^\\n]*)?\\r?$` +
        // JSON, and object, dict and hash literals in code (`API_KEYS = { acme: '…' }`,
        // `CREDENTIALS = {"acme": "…"}`, Ruby `=>`): a member or element inside the
        // collection, tried only at a quote that opens 8+ characters after a `:`, `[`, `,`, `>`
        // or a line start (cheap checks first: the look-behind is the costly part).
        `|(?=["'][^"'\\n]{8})(?<=[:[,>][ \\t]{0,4}|^[ \\t]*)(?<=(?<![\\w$.])["']?(?<jsonCollection>${COLLECTION})["']?[ \\t]{0,4}(?::|=>?)[ \\t]{0,4}[{[][^{}[\\]]{0,600}?` +
        `(?:(?<![\\w$])["']?(?<jsonEntry>[A-Za-z_][\\w.-]{0,60})["']?[ \\t]{0,4}(?::|=>?)[ \\t]{0,4})?)` +
        `(?:"[^"\\n]{1,1000}"|'[^'\\n]{1,1000}')(?=[ \\t]*[,}\\]\\r\\n])`,
      'gim',
    ),
    validate: (secret, context) => {
      const g = context.groups
      const name = g.collection
        ? collectionEntryName(g.collection, g.entry)
        : collectionEntryName(g.jsonCollection ?? '', g.jsonEntry)
      return name !== undefined && isGenericSecret(name, secret, { path: context.path, literal: true })
    },
    extract: extractValue,
  },
  {
    // A Terraform / OpenTofu input variable whose default is the secret itself:
    // `variable "db_password" { type = string  default = "…" }`, on one line or several
    // (HCL's block syntax, developer.hashicorp.com "Input variables"). The name is the
    // variable's label; `sensitive = true` only hides it from plan output, not from the file.
    id: 'generic-secret-hcl-default',
    title: 'Generic secret as the default of a Terraform variable',
    keywords: ['variable "'],
    window: { before: 0, after: 600 },
    generic: true,
    priority: 0,
    minEntropy: 0,
    pattern:
      /(?<![\w-])variable[ \t]{1,4}"(?<name>[A-Za-z_][\w-]{0,80})"[ \t]{0,4}\{(?:[^{}"]|"[^"\n]{0,200}"){0,500}?(?<![\w-])default[ \t]{0,8}=[ \t]{0,8}(?<secret>"[^"\n]{1,1000}")/g,
    validate: (secret, context) =>
      isGenericSecret(context.groups.name ?? '', secret, { path: context.path, literal: true }),
    extract: extractValue,
  },
  {
    id: 'generic-cli-secret-flag',
    title: 'Secret passed as a command-line flag',
    keywords: [
      'password',
      'passwd',
      'token',
      'secret',
      'api-key',
      'apikey',
      'access-key',
      'auth-key',
      'license-key',
    ],
    generic: true,
    priority: 0,
    allowStructured: true,
    minEntropy: 0,
    pattern:
      /(?<![\w-])--(?<name>[\w-]{0,40}(?:password|passwd|token|secret|api-key|apikey|access-key|auth-key|license-key)[\w-]{0,20})(?:=|[ \t]+)(?<secret>"[^"\n]{1,400}"|'[^'\n]{1,400}'|[^\s"'-][^\s"'`;|&)]{0,399})/gi,
    validate: (secret, context) =>
      isGenericSecret(context.groups.name ?? '', secret, { path: context.path, literal: true }),
  },
  {
    // A setting given on a command line: `npm|yarn|pnpm config set <key> <value>`, `aws
    // configure set <name> <value>`, `git config [--global] <name> <value>`, and GitHub CLI's
    // `gh secret set <NAME> --body <value>`: judged under the setting's name.
    id: 'cli-config-set-secret',
    title: 'Secret set on a command line (npm/yarn/aws/git config set, gh secret set --body)',
    keywords: ['config set', 'configure set', 'git config', 'secret set'],
    generic: true,
    priority: 0.5,
    allowStructured: true,
    minEntropy: 0,
    pattern:
      /(?:\b(?:configure[ \t]+set|config[ \t]+set|git[ \t]+config)(?:[ \t]+--?[\w-]{1,20}){0,2}[ \t]+(?<name>[\w./:@-]{1,120})[ \t]+|\bgh[ \t]+secret[ \t]+set[ \t]+(?<ghname>[\w-]{1,80})(?:[ \t]+--?[\w-]{1,20}(?:[ \t]+[\w./-]{1,60})?){0,3}?[ \t]+(?:--body|-b)(?:=|[ \t]+))(?<secret>"[^"\n]{1,400}"|'[^'\n]{1,400}'|[^\s"'`;|&)]{1,400})/g,
    validate: (secret, context) =>
      isGenericSecret(context.groups.name ?? context.groups.ghname ?? '', secret, {
        path: context.path,
        literal: true,
      }),
    extract: extractValue,
  },
]
