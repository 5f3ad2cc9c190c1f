import { randomBytes } from 'node:crypto'
import { UsageError } from '../../shared/errors.js'

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const LOWER = 'abcdefghijklmnopqrstuvwxyz'
const DIGITS = '0123456789'

/**
 * The alphabets a generated value is drawn from. `symbols` leaves out space, quotes,
 * backslash and backtick: they break shell words, DSNs and config files more often than
 * they add strength (a longer value adds more).
 */
export const CHARSETS = {
  alnum: UPPER + LOWER + DIGITS,
  hex: '0123456789abcdef',
  base64: UPPER + LOWER + DIGITS + '+/',
  symbols: UPPER + LOWER + DIGITS + '!#$%&()*+,-./:;<=>?@[]^_{|}~',
} as const
export type Charset = keyof typeof CHARSETS
export const CHARSET_NAMES = Object.keys(CHARSETS) as Charset[]

export const MIN_LENGTH = 8
/** SSM standard parameters hold 4 KB. */
export const MAX_LENGTH = 4096
export const DEFAULT_LENGTH = 32
export const DEFAULT_CHARSET: Charset = 'alnum'

/** Validates a length from a flag or the policy; `where` names the flag or config key. */
export function validateLength(length: unknown, where: string): number {
  if (typeof length !== 'number' || !Number.isInteger(length) || length < MIN_LENGTH || length > MAX_LENGTH) {
    throw new UsageError(`${where} must be a whole number from ${MIN_LENGTH} to ${MAX_LENGTH}.`, {
      hint: `Use e.g. ${DEFAULT_LENGTH}.`,
      code: 'BadLength',
    })
  }
  return length
}

/** Validates a charset name from a flag or the policy. */
export function validateCharset(charset: unknown, where: string): Charset {
  if (typeof charset !== 'string' || !(CHARSET_NAMES as string[]).includes(charset)) {
    throw new UsageError(`${where} must be one of: ${CHARSET_NAMES.join(', ')}.`, { code: 'BadCharset' })
  }
  return charset as Charset
}

/** Source of cryptographically secure random bytes (injectable to test the sampling). */
export type RandomBytes = (size: number) => Uint8Array

/**
 * Generates a value of `length` characters from a charset with the CSPRNG. Bytes at or
 * above the largest multiple of the alphabet size are rejected, so every character is
 * exactly equally likely (a plain `byte % n` would favour the first `256 % n` characters).
 */
export function generateSecretValue(
  length: number,
  charset: Charset,
  random: RandomBytes = randomBytes,
): string {
  const alphabet = CHARSETS[charset]
  const n = alphabet.length
  const limit = 256 - (256 % n)
  const out: string[] = []
  // Bounded: with a working CSPRNG each round accepts ≥ 75% of bytes; 1000 rounds never run out.
  for (let round = 0; round < 1000 && out.length < length; round++) {
    for (const byte of random(Math.ceil((length - out.length) * 1.25) + 8)) {
      if (byte >= limit) continue
      out.push(alphabet[byte % n] ?? '')
      if (out.length === length) break
    }
  }
  if (out.length !== length) throw new Error('the random source returned no usable bytes')
  return out.join('')
}
