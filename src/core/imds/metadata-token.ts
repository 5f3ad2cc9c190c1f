import { createHmac, type KeyObject } from 'node:crypto'
import { secretEquals } from '../../shared/secret-equals.js'

/** IMDSv2 accepts token lifetimes from 1 second to 6 hours, like EC2. */
export const MIN_TOKEN_TTL = 1
export const MAX_TOKEN_TTL = 21_600

/**
 * Parses the `X-aws-ec2-metadata-token-ttl-seconds` header: an integer in 1..21600, or
 * undefined when missing or out of range (EC2 answers 400 for both).
 */
export function parseTokenTtl(header: string | undefined): number | undefined {
  if (header === undefined || !/^\d{1,6}$/.test(header.trim())) return undefined
  const ttl = Number(header.trim())
  return ttl >= MIN_TOKEN_TTL && ttl <= MAX_TOKEN_TTL ? ttl : undefined
}

/** The token-signing key: raw bytes, or (faster per request) a secret KeyObject. */
export type TokenKey = Buffer | KeyObject

/**
 * Issues a session token: its expiry (ms since epoch) and an HMAC-SHA256 over it with a
 * per-process random key. Stateless, so nothing to clean up, and unforgeable without the
 * key, which never leaves the process.
 */
export function issueToken(ttlSeconds: number, key: TokenKey, now: Date): string {
  const expiresAt = String(now.getTime() + ttlSeconds * 1000)
  return `${Buffer.from(expiresAt).toString('base64url')}.${mac(expiresAt, key)}`
}

/** Returns true when the token was issued by this process (same key) and has not expired. */
export function verifyToken(token: string | undefined, key: TokenKey, now: Date): boolean {
  if (!token) return false
  const [payload, signature, extra] = token.split('.')
  if (!payload || !signature || extra !== undefined) return false
  const expiresAt = Buffer.from(payload, 'base64url').toString()
  if (!/^\d{1,16}$/.test(expiresAt)) return false
  // Constant-time comparison: a timing side channel must not reveal the expected MAC.
  if (!secretEquals(signature, mac(expiresAt, key))) return false
  return Number(expiresAt) > now.getTime()
}

function mac(payload: string, key: TokenKey): string {
  return createHmac('sha256', key).update(payload).digest('base64url')
}

export { secretEquals }

/** Issues and checks session tokens with one per-process key. */
export interface TokenIssuer {
  issue(ttlSeconds: number, now: Date): string
  verify(token: string | undefined, now: Date): boolean
}

/**
 * Returns an issuer that remembers tokens whose MAC it already checked (with their expiry),
 * so a client reusing its token — as every SDK does — costs a map lookup, not an HMAC.
 * Why this is safe: only tokens that passed the constant-time MAC check are remembered, the
 * expiry is still checked on each use, and any local process can get a valid token with a
 * PUT anyway — the token guards against requests forged from outside (SSRF), which cannot
 * time our map. The cache is bounded: emptied when it reaches `capacity`.
 */
export function createTokenIssuer(key: TokenKey, capacity = 1024): TokenIssuer {
  const checked = new Map<string, number>()
  return {
    issue: (ttlSeconds, now) => issueToken(ttlSeconds, key, now),
    verify: (token, now) => {
      if (!token) return false
      const expiresAt = checked.get(token)
      if (expiresAt !== undefined) return expiresAt > now.getTime()
      if (!verifyToken(token, key, now)) return false
      if (checked.size >= capacity) checked.clear()
      checked.set(token, Number(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()))
      return true
    },
  }
}
