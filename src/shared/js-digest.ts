import { nodeCrypto } from './lazy-modules.js'

/**
 * SHA-256 and SHA-1 (FIPS 180-4) in JavaScript, for the few small digests a start-up path
 * computes, where loading node:crypto would cost more than everything else the command does
 * (~6 ms of CPU on Node 24, ~9 ms on Node 20): the audit append hashes the previous audit line
 * (a few hundred bytes; `credentials` with cached role credentials needs crypto for nothing
 * else), `scan --staged` checks the object id of each loose blob `git add` wrote (SHA-1, or
 * SHA-256 in a sha256 repository). `digestHex` hands larger inputs to node:crypto, where the
 * JavaScript, run cold, would be slower than loading it. test/unit/shared/js-digest.test.ts
 * checks both against node:crypto.
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
])

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n))

/**
 * The message padded as both digests pad it: 0x80, zeros, the bit length as a 64-bit
 * big-endian number; a multiple of 64 bytes.
 */
function padded(data: Uint8Array): { padded: Buffer; blocks: number } {
  const blocks = Math.ceil((data.length + 9) / 64)
  const out = Buffer.alloc(blocks * 64)
  out.set(data)
  out[data.length] = 0x80
  const bits = data.length * 8
  out.writeUInt32BE(Math.floor(bits / 2 ** 32), out.length - 8)
  out.writeUInt32BE(bits >>> 0, out.length - 4)
  return { padded: out, blocks }
}

const hex = (words: Uint32Array) => Array.from(words, (x) => x.toString(16).padStart(8, '0')).join('')

/** The SHA-256 digest (hex) of `input` (a string is hashed as its UTF-8 bytes). */
export function sha256Hex(input: string | Uint8Array): string {
  const { padded: data, blocks } = padded(typeof input === 'string' ? Buffer.from(input, 'utf8') : input)
  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ])
  const w = new Uint32Array(64)
  for (let block = 0; block < blocks; block++) {
    for (let t = 0; t < 16; t++) w[t] = data.readUInt32BE(block * 64 + t * 4)
    for (let t = 16; t < 64; t++) {
      const w15 = w[t - 15] ?? 0
      const w2 = w[t - 2] ?? 0
      const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3)
      const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10)
      w[t] = ((w[t - 16] ?? 0) + s0 + (w[t - 7] ?? 0) + s1) >>> 0
    }
    let [a, b, c, d, e, f, g, hh] = h as unknown as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ]
    for (let t = 0; t < 64; t++) {
      const t1 =
        (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + (K[t] ?? 0) + (w[t] ?? 0)) >>>
        0
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0
      hh = g
      g = f
      f = e
      e = (d + t1) >>> 0
      d = c
      c = b
      b = a
      a = (t1 + t2) >>> 0
    }
    const out = [a, b, c, d, e, f, g, hh]
    for (let i = 0; i < 8; i++) h[i] = ((h[i] ?? 0) + (out[i] ?? 0)) >>> 0
  }
  return hex(h)
}

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n))

/** The SHA-1 digest (hex) of `input`: git's object ids (not for anything security-bound). */
export function sha1Hex(input: Uint8Array): string {
  const { padded: data, blocks } = padded(input)
  const h = new Uint32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0])
  const w = new Uint32Array(80)
  for (let block = 0; block < blocks; block++) {
    for (let t = 0; t < 16; t++) w[t] = data.readUInt32BE(block * 64 + t * 4)
    for (let t = 16; t < 80; t++)
      w[t] = rotl((w[t - 3] ?? 0) ^ (w[t - 8] ?? 0) ^ (w[t - 14] ?? 0) ^ (w[t - 16] ?? 0), 1)
    let [a, b, c, d, e] = h as unknown as [number, number, number, number, number]
    for (let t = 0; t < 80; t++) {
      const [f, k] =
        t < 20
          ? [(b & c) | (~b & d), 0x5a827999]
          : t < 40
            ? [b ^ c ^ d, 0x6ed9eba1]
            : t < 60
              ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc]
              : [b ^ c ^ d, 0xca62c1d6]
      const next = (rotl(a, 5) + f + e + k + (w[t] ?? 0)) >>> 0
      e = d
      d = c
      c = rotl(b, 30) >>> 0
      b = a
      a = next
    }
    const out = [a, b, c, d, e]
    for (let i = 0; i < 5; i++) h[i] = ((h[i] ?? 0) + (out[i] ?? 0)) >>> 0
  }
  return hex(h)
}

/** Inputs up to this size are hashed in JavaScript; cold, it does ~10 MB/s. */
const JS_DIGEST_MAX = 32 * 1024

/** `algorithm`'s digest (hex) of `bytes`: in JavaScript when small, else by node:crypto. */
export function digestHex(algorithm: 'sha1' | 'sha256', bytes: Uint8Array): string {
  if (bytes.length > JS_DIGEST_MAX) return nodeCrypto().createHash(algorithm).update(bytes).digest('hex')
  return algorithm === 'sha1' ? sha1Hex(bytes) : sha256Hex(bytes)
}
