import { describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { sha256Hex } from '../../../src/shared/sha256.js'

// The audit append hashes the previous line with this JavaScript SHA-256; `audit --verify`
// recomputes the chain with node:crypto. Both must agree on every input.
const native = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')

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
