import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { ALLOW_MARKER } from '../engine/scan-text.js'
import { fingerprintOf } from '../engine/finding-identity.js'
import type { Finding } from '../engine/types.js'

/** One of the project's own secret values and the parameter (or variable) it belongs to. */
export interface KnownValue {
  name: string
  value: string
}

/** Values shorter than this match too much ordinary text to be worth reporting. */
export const MIN_KNOWN_VALUE_LENGTH = 6
const RULE_ID = 'known-value'

interface Entry {
  digest: Buffer
  name: string
}

/**
 * The project's values as a keyed in-memory index: for each form of each value (as is,
 * URL-encoded, base64 and base64url) an HMAC-SHA-256 under a random per-process key, plus a
 * keyed rolling hash per length that picks the offsets worth an HMAC. The values themselves
 * are not kept; nothing here is written or logged, and the key never leaves the object.
 */
export class KnownValueIndex {
  private readonly key = randomBytes(32)
  /** Rolling-hash base, random per process (odd, so it is invertible mod 2^32). */
  private readonly base = (randomBytes(4).readUInt32LE(0) | 1) >>> 0
  private readonly byLength = new Map<number, { rolling: Set<number>; entries: Entry[]; power: number }>()

  constructor(values: readonly KnownValue[]) {
    for (const { name, value } of values) {
      if (value.length < MIN_KNOWN_VALUE_LENGTH) continue
      for (const form of encodedForms(value)) this.add(name, Buffer.from(form, 'utf8'))
    }
  }

  /** How many value forms the index holds. */
  get size(): number {
    let n = 0
    for (const slot of this.byLength.values()) n += slot.entries.length
    return n
  }

  private add(name: string, bytes: Buffer): void {
    let slot = this.byLength.get(bytes.length)
    if (!slot) {
      slot = { rolling: new Set(), entries: [], power: this.powerFor(bytes.length) }
      this.byLength.set(bytes.length, slot)
    }
    const digest = this.hmac(bytes)
    if (slot.entries.some((e) => e.name === name && timingSafeEqual(e.digest, digest))) return
    slot.rolling.add(this.rollingOf(bytes, 0, bytes.length))
    slot.entries.push({ digest, name })
  }

  private hmac(bytes: Uint8Array): Buffer {
    return createHmac('sha256', this.key).update(bytes).digest()
  }

  private powerFor(length: number): number {
    let p = 1
    for (let i = 1; i < length; i++) p = Math.imul(p, this.base) >>> 0
    return p
  }

  private rollingOf(bytes: Uint8Array, start: number, end: number): number {
    let h = 0
    for (let i = start; i < end; i++) h = (Math.imul(h, this.base) + (bytes[i] ?? 0)) >>> 0
    return h
  }

  /** Every place in `bytes` (one file or blob at `path`) where a known value occurs, as findings. */
  findIn(bytes: Uint8Array, path: string): Finding[] {
    const hits: { start: number; end: number; name: string }[] = []
    for (const [length, slot] of this.byLength) {
      if (bytes.length < length) continue
      let h = this.rollingOf(bytes, 0, length)
      for (let i = 0; ; i++) {
        if (slot.rolling.has(h)) {
          const digest = this.hmac(bytes.subarray(i, i + length))
          const entry = slot.entries.find((e) => timingSafeEqual(e.digest, digest))
          if (entry) hits.push({ start: i, end: i + length, name: entry.name })
        }
        if (i + length >= bytes.length) break
        h =
          (Math.imul((h - Math.imul(bytes[i] ?? 0, slot.power)) >>> 0, this.base) +
            (bytes[i + length] ?? 0)) >>>
          0
      }
    }
    return toFindings(hits, bytes, path)
  }
}

/** The forms a value is found in: as is, URL-encoded, base64 and base64url (unpadded too). */
function encodedForms(value: string): Set<string> {
  const b64 = Buffer.from(value, 'utf8').toString('base64')
  return new Set([
    value,
    encodeURIComponent(value),
    b64,
    b64.replace(/=+$/, ''),
    Buffer.from(value, 'utf8').toString('base64url'),
  ])
}

function toFindings(
  hits: { start: number; end: number; name: string }[],
  bytes: Uint8Array,
  path: string,
): Finding[] {
  if (hits.length === 0) return []
  // A longer form covering a shorter one at the same place (base64 padding) is one finding.
  hits.sort((a, b) => a.start - b.start || b.end - a.end)
  const kept = hits.filter((h, i) => !hits.slice(0, i).some((k) => k.start <= h.start && k.end >= h.end))
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: Finding[] = []
  for (const hit of kept) {
    const lineStart = text.lastIndexOf(10, hit.start - 1) + 1
    let lineEnd = text.indexOf(10, hit.start)
    if (lineEnd < 0) lineEnd = text.length
    const lineText = text.subarray(lineStart, lineEnd).toString('utf8')
    if (lineText.includes(ALLOW_MARKER)) continue
    let line = 1
    for (let i = text.indexOf(10); i >= 0 && i < hit.start; i = text.indexOf(10, i + 1)) line++
    const column = text.subarray(lineStart, hit.start).toString('utf8').length + 1
    const endColumn = column + text.subarray(hit.start, hit.end).toString('utf8').length
    out.push({
      ruleId: RULE_ID,
      title: `Current value of the project's parameter ${hit.name}`,
      path,
      line,
      column,
      endColumn,
      // Never the value: not in `secret` (which --show-secrets would print), not in part.
      secret: '',
      redacted: '****',
      fingerprint: fingerprintOf(RULE_ID, path, `parameter\u0000${hit.name}`),
      parameter: hit.name,
    })
  }
  return out
}
