import { describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { digestHex, sha1Hex, sha256Hex } from '../../../src/shared/js-digest.js'

// The audit append hashes the previous line with this JavaScript SHA-256 (`audit --verify`
// recomputes the chain with node:crypto), `scan --staged` checks loose objects' ids with its
// SHA-1: both must agree with node:crypto on every input.
const native = (s: string | Uint8Array, algorithm = 'sha256') => createHash(algorithm).update(s).digest('hex')

describe('sha256Hex', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ])('the FIPS 180-4 example %#', (input, digest) => {
    expect(sha256Hex(input)).toBe(digest)
  })

  it('agrees with node:crypto at every length around the block boundaries, and on non-ASCII text', () => {
    for (let n = 0; n <= 200; n++) {
      const s = Array.from({ length: n }, (_, i) => String.fromCharCode(32 + ((i * 7 + n) % 95))).join('')
      expect(sha256Hex(s)).toBe(native(s))
    }
    for (const s of ['é', 'ключ', '鍵', '🔑 secret', `{"seq":1,"prev":"${'0'.repeat(64)}","user":"zoë"}`])
      expect(sha256Hex(s)).toBe(native(s))
  })

  it('agrees with node:crypto on a long input (many blocks)', () => {
    const s = 'a'.repeat(100_000)
    expect(sha256Hex(s)).toBe(native(s))
  })
})

describe('sha1Hex', () => {
  it.each([
    ['', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '84983e441c3bd26ebaae4aa1f95129e5e54670f1'],
  ])('the FIPS 180-4 example %#', (input, digest) => {
    expect(sha1Hex(Buffer.from(input))).toBe(digest)
  })

  it("gives git's id of a blob object", () => {
    // `printf 'hello\n' | git hash-object --stdin`
    expect(sha1Hex(Buffer.from('blob 6\0hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a')
  })

  it('agrees with node:crypto at every length around the block boundaries, and on binary bytes', () => {
    for (let n = 0; n <= 200; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 0xff)
      expect(sha1Hex(bytes)).toBe(native(bytes, 'sha1'))
    }
  })
})

describe('digestHex', () => {
  it.each([
    ['sha1', 10],
    ['sha1', 32 * 1024],
    ['sha1', 32 * 1024 + 1],
    ['sha256', 10],
    ['sha256', 200_000],
  ] as const)(
    '%s of %i bytes agrees with node:crypto (JavaScript when small, node:crypto when large)',
    (algorithm, n) => {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 7) & 0xff)
      expect(digestHex(algorithm, bytes)).toBe(native(bytes, algorithm))
    },
  )
})
