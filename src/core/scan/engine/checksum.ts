/** Checksums that token formats embed, so a regex match can be confirmed offline. */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

/** CRC-32 (IEEE) of the string's UTF-8/ASCII bytes. */
export function crc32(text: string): number {
  let crc = 0xffffffff
  for (let i = 0; i < text.length; i++) {
    crc = (CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] as number) ^ (crc >>> 8)
  }
  return (crc ^ 0xffffffff) >>> 0
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** Base62 of `value`, left-padded with `0` to `width` characters. */
export function base62(value: number, width: number): string {
  let out = ''
  let v = value
  while (v > 0) {
    out = BASE62[v % 62] + out
    v = Math.floor(v / 62)
  }
  return out.padStart(width, '0')
}

/**
 * GitHub (and npm) token checksum: the last 6 characters are the CRC-32 of the 30 random
 * characters, in base62. Verifying it turns a plausible string into a near-certain token.
 */
export function hasTokenChecksum(token: string, prefix: string): boolean {
  const body = token.slice(prefix.length)
  if (body.length !== 36) return false
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30)
}

/** Appends the GitHub-style checksum to 30 random characters (for tests and the corpus). */
export function withTokenChecksum(prefix: string, random30: string): string {
  return `${prefix}${random30}${base62(crc32(random30), 6)}`
}
