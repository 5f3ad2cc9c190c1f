import { describe, expect, it } from 'vitest'
import {
  CHARSETS,
  generateSecretValue,
  validateCharset,
  validateLength,
  type Charset,
} from '../../../src/core/rotate/secret-value.js'

describe('generateSecretValue', () => {
  it.each([
    ['alnum', 32, /^[A-Za-z0-9]{32}$/],
    ['hex', 64, /^[0-9a-f]{64}$/],
    ['base64', 8, /^[A-Za-z0-9+/]{8}$/],
    ['symbols', 4096, /^[A-Za-z0-9!#$%&()*+,\-./:;<=>?@[\]^_{|}~]{4096}$/],
  ] as const)('%s × %i', (charset, length, pattern) => {
    expect(generateSecretValue(length, charset)).toMatch(pattern)
  })

  it.each([
    // alnum has 62 characters: bytes ≥ 248 (= 4 × 62) are rejected, the rest map by % 62.
    ['alnum', [255, 248, 0, 61, 247, 62], 'A9' + CHARSETS.alnum[247 % 62] + 'A'],
    // hex has 16: 256 is a multiple, nothing is rejected.
    ['hex', [0, 15, 16, 255], '0f0f'],
    // symbols: every byte at or above the limit is skipped.
    ['symbols', [250, 251, 252, 253, 254, 255, 1, 2, 3, 4], CHARSETS.symbols.slice(1, 5)],
  ] as const)('rejection-samples %s bytes', (charset, bytes, expected) => {
    let offset = 0
    const source = (size: number) => {
      const out = Uint8Array.from(bytes.slice(offset, offset + size))
      offset += size
      return out
    }
    expect(generateSecretValue(expected.length, charset as Charset, source)).toBe(expected)
  })

  it('gives up (bounded) on a source of only rejectable bytes', () => {
    expect(() => generateSecretValue(8, 'alnum', (n) => new Uint8Array(n).fill(255))).toThrow(
      /no usable bytes/,
    )
  })

  it('is not biased towards the first characters of the alphabet', () => {
    // 62 × 2000 draws: every character's count should sit near 2000 (a modulo bias would
    // push the first 8 characters to ~2060 and the rest lower; 5 σ ≈ 220 bounds noise).
    const counts = new Map<string, number>()
    const value = generateSecretValue(62 * 2000, 'alnum')
    for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1)
    expect(counts.size).toBe(62)
    for (const n of counts.values()) expect(Math.abs(n - 2000)).toBeLessThan(220)
  })

  it('never repeats a value', () => {
    const values = new Set(Array.from({ length: 1000 }, () => generateSecretValue(16, 'alnum')))
    expect(values.size).toBe(1000)
  })
})

describe('validateLength / validateCharset', () => {
  it.each([[8], [32], [4096]])('accepts length %i', (n) => expect(validateLength(n, '--length')).toBe(n))
  it.each([[7], [4097], [0], [-1], [12.5], ['32'], [undefined]])('rejects length %j naming the flag', (n) => {
    expect(() => validateLength(n, '--length')).toThrow(/--length must be a whole number from 8 to 4096/)
  })
  it.each(Object.keys(CHARSETS))('accepts charset %s', (c) => expect(validateCharset(c, 'x')).toBe(c))
  it.each([['ascii'], [''], [3]])('rejects charset %j', (c) => {
    expect(() => validateCharset(c, '"rotate.charset"')).toThrow(
      /"rotate.charset" must be one of: alnum, hex, base64, symbols/,
    )
  })
})
