import { hasTokenChecksum } from '../checksum.js'
import type { MatchContext, Rule } from '../types.js'

/**
 * Not preceded by a token character: a token must start at a word boundary. An escape just
 * before it is a boundary too: JSON's `\n`, `\t`, `\r` and `\u0022` (RFC 8259 §7) and a
 * percent-encoded quote or separator such as `%22`, `%3D` (RFC 3986 §2.1), as in a token inside
 * a JSON-encoded log line, a notebook cell or a URL-encoded request body. Written as one
 * negative lookbehind (a token character before, unless it ends an escape) rather than
 * `(?<![…])|(?<=escape)`: the same positions, but a pattern that starts with an alternation of
 * lookbehinds is tried in full at every position of a line, about 6x slower in V8.
 */
export const START = String.raw`(?<![A-Za-z0-9_](?<!\\[nrt]|\\u00[0-9A-Fa-f]{2}|%[0-9A-Fa-f]{2}))`
/** Not followed by a token character (including `-`, common in token alphabets). */
export const END = '(?![A-Za-z0-9_-])'

/**
 * Between a name and its value: closing quotes or brackets, then `=`, `:`, `=>`, `:=` or a
 * space, with blanks around (`api_key = `, `"token": `, `TOKEN=`, `key => `).
 */
export const ASSIGNMENT = String.raw`["'\]]{0,2}[ \t]{0,4}(?:=>|:=|[:=]|[ \t])[ \t]{0,4}`

interface TokenOptions {
  caseSensitiveKeywords?: boolean
  minEntropy?: number
  allowStructured?: boolean
  validate?: (secret: string, context: MatchContext) => boolean
  priority?: number
  end?: string
  window?: { before: number; after: number }
}

/**
 * A rule for a self-identifying token: a literal prefix (the keyword) and a fixed alphabet
 * and length. `body` is a regex source for the whole token, prefix included.
 */
export function token(
  id: string,
  title: string,
  keywords: readonly string[],
  body: string,
  options: TokenOptions = {},
): Rule {
  return {
    id,
    title,
    keywords,
    pattern: new RegExp(`${START}(?<secret>${body})${options.end ?? END}`, 'g'),
    ...options,
  }
}

/**
 * A rule for a value whose format is not self-identifying (hex, UUID, base64): it needs a
 * provider word on the same line (`datadog_api_key = ...`). `value` is the value's regex.
 */
export function contextual(
  id: string,
  title: string,
  keywords: readonly string[],
  namePattern: string,
  value: string,
  options: TokenOptions = {},
): Rule {
  const source =
    `(?:${namePattern})[\\w.-]{0,40}${ASSIGNMENT}` + `(?:["'\`]|\\b)(?<secret>${value})(?![A-Za-z0-9_+/=-])`
  return {
    id,
    title,
    keywords,
    pattern: new RegExp(source, 'gi'),
    minEntropy: 3,
    ...options,
  }
}

/** Validator for GitHub-style tokens: 30 random base62 characters + CRC-32 checksum. */
export function checksummed(prefix: string): (secret: string) => boolean {
  return (secret) => hasTokenChecksum(secret, prefix)
}

/** Decodes percent-encoding (RFC 3986 §2.1), or returns the text unchanged when it is not valid. */
export function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Decodes base64/base64url to text, or undefined when it is not valid base64. */
export function decodeBase64(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')
}

/** Parses one base64url JWT segment as a JSON object, or undefined. */
export function jwtSegment(segment: string): Record<string, unknown> | undefined {
  const text = decodeBase64(segment)
  if (!text) return undefined
  try {
    const parsed = JSON.parse(text) as unknown
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** True when the JWT's header segment is JSON naming an algorithm. */
export function isJwt(secret: string): boolean {
  const header = jwtSegment(secret.split('.')[0] ?? '')
  return header !== undefined && ('alg' in header || 'typ' in header)
}

/**
 * True for a JWT that still grants something (RFC 7519): a signed token (`alg` not `none`,
 * a signature segment) whose `exp` claim, when the payload has one, lies in the future. An
 * expired token is a documentation sample or a log line, not a credential.
 */
export function isLiveJwt(secret: string, now: number = Date.now()): boolean {
  const [head = '', body = '', signature = ''] = secret.split('.')
  const header = jwtSegment(head)
  if (!header || !('alg' in header || 'typ' in header)) return false
  if (String(header.alg ?? '').toLowerCase() === 'none' || signature === '') return false
  const payload = jwtSegment(body)
  if (payload && typeof payload.exp === 'number' && payload.exp * 1000 < now) return false
  return true
}
