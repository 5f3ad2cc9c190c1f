/**
 * Hard negatives: values that look like secrets but are documentation, placeholders,
 * references or identifiers. Handled on purpose, each with a test case.
 */

/** Keys published in vendor documentation; flagging them is noise. */
const DOCUMENTED_EXAMPLES = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'pk_test_TYooMQauvdEDq54NiTphI7jx',
  'xoxb-not-a-real-token-this-will-not-work',
])

/**
 * Well-known public test credentials, published so that anyone can use them: the Azurite /
 * Azure Storage Emulator development account key (learn.microsoft.com, "Use the Azurite
 * emulator"), the AWS SDK documentation example keys and the OAuth RFCs' examples. Never a
 * leak, whatever the rule.
 */
const PUBLIC_TEST_CREDENTIALS = new Set([
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'AKIAI44QH8DHBEXAMPLE',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  // The OAuth RFCs' example credentials, copied into every OAuth library's docs and tests:
  // RFC 6749 (access and refresh tokens, authorization code, client secrets, the Basic
  // header of `s6BhdRkqt3:gX1fBat3bV`), RFC 6750 (`mF_9.B5f-4.1JqM`), RFC 5849 (the OAuth 1.0
  // consumer keys, tokens and secrets of its examples).
  '2YotnFZFEjr1zCsicMWpAA',
  'tGzv3JOkF0XG5Qx2TlKWIA',
  'SplxlOBeZQQYbYS6WxSbIA',
  '7Fjfp0ZBr1KtDRbnfVdmIw',
  'gX1fBat3bV',
  'czZCaGRSa3F0MzpnWDFmQmF0M2JW',
  'mF_9.B5f-4.1JqM',
  'dpf43f3p2l4k3l03',
  'kd94hf93k423kf44',
  'nnch734d00sl2jdk',
  'pfkkdhi9sl3r4s00',
  'hh5s93j4hdidpola',
  'hdk48Djdsa',
  '9djdj82h48djs9d2',
  'kkk9d7dh3k39sjv7',
  '0685bd9184jfhq22',
  'ad180jjd733klru7',
])

/** True for a well-known public test credential (see PUBLIC_TEST_CREDENTIALS). */
export function isPublicTestCredential(secret: string): boolean {
  return PUBLIC_TEST_CREDENTIALS.has(secret)
}

/**
 * Words that say a value is not real: `example`, `dummy`, `your_…`, and `my_key`/`my-api-token`
 * (a value naming whose credential goes there, as documentation writes it).
 */
const MARKER_WORDS =
  /example|dummy|placeholder|changeme|change_me|fake|sample|redacted|insert|replace|your[_-]?|my[_-](?:api[_-]?|access[_-]?|secret[_-]?)?(?:key|token|secret|password)|xxxx|\*\*\*|\.\.\./i

/** True for documented example keys and values that say they are not real. */
export function isDocumentedOrMarked(secret: string): boolean {
  return DOCUMENTED_EXAMPLES.has(secret) || MARKER_WORDS.test(secret)
}

/** Runs of one character (`0000000`, `xxxxxxxx`) and counting sequences inside a value. */
const FILLER = /(.)\1{5,}|123456|abcdef|qwerty/i
/**
 * Keyboard rows typed by a person (`qwer`, `asdf`, `zxcv`, `uiop`, `hjkl` and reversed). A
 * generator draws each character independently, so one of these turns up in a random
 * 40-character token about once in 2,000; only values up to 100 characters are judged by it
 * (a key or certificate body is long enough to hold one by chance).
 */
const KEYBOARD_ROW = /qwer|asdf|zxcv|uiop|hjkl|lkjh|fdsa|vcxz|rewq|poiu/i

/**
 * Keyboard columns typed top to bottom or back (`1qaz`, `2wsx`, `zaq1`, `qazwsx`), the other
 * way people fill a field by hand; as rare by chance as a row.
 */
const KEYBOARD_COLUMN =
  /1qaz|2wsx|3edc|4rfv|5tgb|6yhn|7ujm|zaq1|xsw2|cde3|vfr4|bgt5|nhy6|mju7|qazwsx|wsxedc|edcrfv|rfvtgb|tgbyhn|yhnujm|zaqxsw|xswcde|cdevfr|vfrbgt|bgtnhy|nhymju/i

/**
 * Hex edited by hand, as test files break a real format on purpose: one or two characters
 * beyond it (`c2167730016rf34b89e200ecf55710e8`, `X19c2539c53367c726a5c04c`), also in a UUID's
 * groups. A generator draws from its whole alphabet: of 16 random lower-case base36
 * characters, all but two fall in `0-9a-f` about once in 2,500, of 24 once in 5 million.
 * (Hex in both cases is not taken for edited: services and test generators write it so.)
 */
export function isMangledHex(value: string): boolean {
  const plain = /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/i.test(value)
    ? value.replace(/-/g, '')
    : value
  if (plain.length < 16 || !/^[0-9A-Za-z]+$/.test(plain)) return false
  if (/^[0-9A-Fa-f]+$/.test(plain)) return false
  const lower = (plain.match(/[a-z]/g) ?? []).length >= (plain.match(/[A-Z]/g) ?? []).length
  const strays = plain.replace(lower ? /[0-9a-f]/g : /[0-9A-F]/g, '').length
  return strays <= 2
}

/** True when a long run of one character or a typed sequence betrays a made-up value. */
export function hasFiller(secret: string): boolean {
  // Also across group separators: `ABCD-EFGH-IJKL`, `1234-5678-90` are typed as well.
  const joined = secret.replace(/[-_.: ]/g, '')
  return (
    FILLER.test(secret) ||
    (joined !== secret && FILLER.test(joined)) ||
    (secret.length <= 100 && (KEYBOARD_ROW.test(secret) || KEYBOARD_COLUMN.test(secret)))
  )
}

const TEMPLATE =
  /^(?:\$\{[^}]*\}?|\$\([^)]*\)?|\{\{[^}]*\}?\}?|<[^>]*>?|%\([^)]*\)s?|%[sd]|\$[A-Z_][A-Z0-9_]*|__[A-Z0-9_]+__|@[A-Za-z_]+@|#\{[^}]*\}?)$/
const REFERENCE =
  /^(?:process\.env|os\.environ|os\.getenv|getenv|env\(|ENV\[|System\.getenv|Environment\.GetEnvironmentVariable|secrets\.|vars\.|var\.|local\.|data\.|module\.|config\.|settings\.|self\.|this\.|args\.|params\.|props\.|ctx\.|context\.|request\.|req\.|options\.|opts\.|viper\.|vault:|ssm:|local:|arn:aws(?:-[a-z]+)*:|!Ref|!GetAtt|!Sub|file:|sops:|@Microsoft\.KeyVault\()/

/** True for template variables and references to where a secret lives, not a secret. */
export function isPlaceholderOrReference(value: string): boolean {
  return (
    TEMPLATE.test(value) ||
    REFERENCE.test(value) ||
    /\$\{[^}]*\}|\{\{.*\}\}/.test(value) ||
    // A shell variable starting a path: `$work/creds.json`.
    /^\$[A-Za-z_]\w*(?:\/|$)/.test(value)
  )
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const HEX_DIGEST = /^(?:[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{7,12})$/
const INTEGRITY = /^(?:sha(?:1|256|384|512)-[A-Za-z0-9+/]+=*|[a-z0-9]+:[0-9a-f]{32,})$/

/**
 * Key fingerprints as `ssh-keygen -l` and GitHub print them: `SHA256:` + 43 unpadded base64
 * characters, `MD5:` + 16 colon-separated hex pairs. They name a public key.
 */
const FINGERPRINT = /^(?:SHA256:[A-Za-z0-9+/]{43}|MD5(?::[0-9a-f]{2}){16})$/
/** Semantic Versioning 2.0.0 (`1.0.0-beta.2+exp.sha.5114f85`), with an optional `v`. */
const SEMVER =
  /^v?\d{1,9}\.\d{1,9}\.\d{1,9}(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/

/** True for identifiers that are not credentials: UUIDs, git SHAs, SRI integrity hashes, versions. */
export function isIdentifierLike(value: string): boolean {
  return (
    UUID.test(value) ||
    HEX_DIGEST.test(value) ||
    INTEGRITY.test(value) ||
    FINGERPRINT.test(value) ||
    SEMVER.test(value)
  )
}

/**
 * A stored password hash: the modular crypt format of crypt(3) and the PHC string format
 * (`$2b$12$…` bcrypt, `$argon2id$v=19$…`, `$6$…` SHA-512-crypt, `$5$`, `$1$`, `$apr1$` of
 * htpasswd, `$scrypt$`, `$pbkdf2-sha256$`), Django's `<algorithm>$<iterations>$<salt>$<hash>`
 * and LDAP's `{SSHA}…`. A one-way hash checks a password typed in; it does not grant access.
 */
const PASSWORD_HASH =
  /^(?:\$(?:2[abxy]?|1|5|6|apr1|y|gy|7|sha1|md5|argon2(?:id|i|d)|scrypt|pbkdf2(?:-sha(?:1|256|512))?)\$[A-Za-z0-9./+=$,-]{8,}|(?:pbkdf2_sha(?:1|256)|bcrypt_sha256|argon2|scrypt|sha1|md5)\$[A-Za-z0-9./+=$-]{8,}|\{(?:SSHA|SHA|SMD5|MD5|CRYPT|SSHA256|SSHA512|PBKDF2(?:-SHA(?:256|512))?|ARGON2)\}[A-Za-z0-9./+=$]{8,})$/

/** True for a password hash in a standard stored format (see PASSWORD_HASH). */
export function isPasswordHash(value: string): boolean {
  return PASSWORD_HASH.test(value)
}

/**
 * Base64 of a media file, told by the file's signature in its first bytes: PNG (`iVBORw0KGg`),
 * JPEG (`/9j/`), GIF (`R0lGOD`), WebP and other RIFF (`UklGR`), PDF (`JVBERi0`), SVG and XML
 * (`PHN2Zy`, `PD94bWw`), WOFF fonts (`d09GRg`, `d09GMg`), icons (`AAABAA`). An embedded image
 * without its `data:` prefix, not a credential.
 */
const MEDIA_BASE64 =
  /^(?:iVBORw0KGg|\/9j\/|R0lGOD[lm]h|UklGR|JVBERi0|PHN2Zy|PD94bWw|d09GRg|d09GMg|AAABAA)[A-Za-z0-9+/]/

/** True for base64 that starts with a media file's signature (see MEDIA_BASE64). */
export function isMediaBase64(value: string): boolean {
  return MEDIA_BASE64.test(value)
}

/**
 * The text a base64 value encodes, when it encodes text: canonical base64 (standard or URL-safe,
 * padding right) of printable ASCII. A generated key decodes to bytes, not text, so this is
 * undefined for it; a Kubernetes `Secret`'s `data:` value decodes to the value itself.
 */
export function decodedText(value: string): string | undefined {
  if (
    value.length < 12 ||
    !/^[A-Za-z0-9+/_-]+={0,2}$/.test(value) ||
    (/[+/]/.test(value) && /[-_]/.test(value))
  )
    return undefined
  const std = value.replace(/-/g, '+').replace(/_/g, '/')
  const bytes = Buffer.from(std, 'base64')
  const canonical = bytes.toString('base64')
  if (canonical.replace(/=+$/, '') !== std.replace(/=+$/, '')) return undefined
  if (value.endsWith('=') && canonical !== std) return undefined
  for (const b of bytes) if (b < 0x20 || b > 0x7e) return undefined
  return bytes.toString('latin1')
}

/** Lockfiles and other generated manifests hold hashes, never hand-written credentials. */
const LOCKFILE =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|Cargo\.lock|go\.sum|poetry\.lock|Pipfile\.lock|composer\.lock|Gemfile\.lock|mix\.lock|flake\.lock|packages\.lock\.json|gradle\.lockfile)$/

/** True for lockfiles, where generic (entropy) rules do not apply. */
export function isLockfile(path: string): boolean {
  return LOCKFILE.test(path)
}

/**
 * True when the match sits inside a base64 data URI or a longer base64 run (an image, a
 * certificate), where prefix-shaped substrings occur by chance.
 */
export function isInsideEncodedBlob(line: string, column: number): boolean {
  const start = Math.max(0, column - 4096)
  const before = line.slice(start, column)
  const dataUri = before.lastIndexOf(';base64,')
  if (dataUri !== -1 && /^[A-Za-z0-9+/=]*$/.test(before.slice(dataUri + 8))) return true
  return false
}
