import { Transform, type TransformCallback } from 'node:stream'

/**
 * `secrets run --mask`: the child's stdout and stderr pass through a filter that replaces
 * every injected value, and its URL-encoded, base64 and JSON-escaped forms, with `****NAME`.
 * The matcher streams: a value split across writes is still found, because the end of each
 * chunk that could begin a value is held back until the next chunk (or, when the child
 * pauses, for at most FLUSH_MS; a match that then completes is masked from where the held
 * bytes ended). Values shorter than MIN_MASKED are not masked: too many false hits.
 */

/** Shortest value masked (shorter ones are named at start-up as not masked). */
export const MIN_MASKED = 6
/** How long a held-back partial match may wait for the next write before it is flushed. */
export const FLUSH_MS = 5

export interface MaskPattern {
  bytes: Buffer
  replacement: Buffer
}

export interface MaskPlan {
  patterns: MaskPattern[]
  /** Names whose value is too short to mask. */
  tooShort: string[]
}

/** The patterns to mask for these injected variables: each value in its four spellings. */
export function maskPlan(values: ReadonlyArray<{ name: string; value: string }>): MaskPlan {
  const tooShort: string[] = []
  const seen = new Map<string, MaskPattern>()
  for (const { name, value } of values) {
    if (value.length < MIN_MASKED) {
      if (value.length > 0) tooShort.push(name)
      continue
    }
    const replacement = Buffer.from(`****${name}`)
    for (const form of [
      value,
      encodeURIComponent(value),
      Buffer.from(value).toString('base64'),
      // base64 without padding (JWTs, many loggers) and the URL-safe alphabet.
      Buffer.from(value).toString('base64url'),
      JSON.stringify(value).slice(1, -1),
    ]) {
      if (form.length >= MIN_MASKED && !seen.has(form))
        seen.set(form, { bytes: Buffer.from(form), replacement })
    }
  }
  // Longest first: where two forms match at one place, the longer one wins.
  const patterns = [...seen.values()].sort((a, b) => b.bytes.length - a.bytes.length)
  return { patterns, tooShort }
}

/** A streaming filter replacing every pattern; output order equals input order. */
export class MaskStream extends Transform {
  readonly #patterns: MaskPattern[]
  readonly #longest: number
  readonly #firstBytes: Uint8Array
  /** Bytes received and not yet written (a possible start of a value at the chunk's end). */
  #held: Buffer = Buffer.alloc(0)
  /** How many of the held bytes were already written by a timed flush. */
  #heldWritten = 0
  #timer: NodeJS.Timeout | undefined

  constructor(patterns: MaskPattern[]) {
    super()
    this.#patterns = patterns
    this.#longest = patterns.reduce((max, p) => Math.max(max, p.bytes.length), 0)
    this.#firstBytes = new Uint8Array(256)
    for (const p of patterns) this.#firstBytes[p.bytes[0] ?? 0] = 1
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    const buf = this.#held.length ? Buffer.concat([this.#held, chunk]) : chunk
    const keep = this.#patterns.length ? this.#partialSuffix(buf) : 0
    const end = buf.length - keep
    const { out, written, matchedTo } = this.#replace(buf, end, this.#heldWritten)
    // Held: from the end of the last match or of the written part, whichever is later; of
    // those, the bytes a timed flush already wrote stay marked as written.
    const holdFrom = Math.max(end, matchedTo)
    this.#held = holdFrom < buf.length ? Buffer.from(buf.subarray(holdFrom)) : Buffer.alloc(0)
    this.#heldWritten = Math.min(this.#held.length, Math.max(0, written - holdFrom))
    if (out.length) this.push(out)
    if (this.#held.length) {
      this.#timer = setTimeout(() => this.#flushHeld(), FLUSH_MS)
      this.#timer.unref()
    }
    done()
  }

  override _flush(done: TransformCallback): void {
    if (this.#timer) clearTimeout(this.#timer)
    const { out } = this.#replace(this.#held, this.#held.length, this.#heldWritten)
    if (out.length) this.push(out)
    this.#held = Buffer.alloc(0)
    done()
  }

  /** The child paused mid-line: write the held bytes, keep them to finish a match later. */
  #flushHeld(): void {
    this.#timer = undefined
    const { out } = this.#replace(this.#held, this.#held.length, this.#heldWritten)
    if (out.length) this.push(out)
    this.#heldWritten = this.#held.length
  }

  /**
   * Writes `buf[skip..end)` with every match that starts before `end` replaced (a match may
   * run past `end`: `matchedTo` says where the last one stops; `written`, where output stops). Bytes before `skip` were
   * already written by a timed flush; a match starting there is masked from `skip` on.
   */
  #replace(buf: Buffer, end: number, skip: number): { out: Buffer; written: number; matchedTo: number } {
    const matches: Array<{ start: number; stop: number; replacement: Buffer }> = []
    for (const p of this.#patterns) {
      let at = buf.indexOf(p.bytes)
      while (at !== -1 && at < end) {
        if (at + p.bytes.length > skip)
          matches.push({ start: at, stop: at + p.bytes.length, replacement: p.replacement })
        at = buf.indexOf(p.bytes, at + p.bytes.length)
      }
    }
    if (matches.length === 0)
      return { out: buf.subarray(skip, Math.max(skip, end)), written: Math.max(skip, end), matchedTo: 0 }
    matches.sort((a, b) => a.start - b.start || b.stop - a.stop)
    const parts: Buffer[] = []
    let cursor = skip
    let matchedTo = 0
    for (const m of matches) {
      // Overlaps what was written, unless it is the match that began in the flushed bytes.
      if (m.start < cursor && !(cursor === skip && m.start < skip)) continue
      if (m.start > cursor) parts.push(buf.subarray(cursor, m.start))
      parts.push(m.replacement)
      cursor = m.stop
      matchedTo = m.stop
    }
    if (cursor < end) {
      parts.push(buf.subarray(cursor, end))
      cursor = end
    }
    return { out: Buffer.concat(parts), written: cursor, matchedTo }
  }

  /** The longest suffix of `buf` that is a proper prefix of some pattern (to hold back). */
  #partialSuffix(buf: Buffer): number {
    const from = Math.max(0, buf.length - this.#longest + 1)
    for (let i = from; i < buf.length; i++) {
      if (!this.#firstBytes[buf[i] ?? 0]) continue
      const tail = buf.subarray(i)
      for (const p of this.#patterns)
        if (p.bytes.length > tail.length && p.bytes.subarray(0, tail.length).equals(tail)) return tail.length
    }
    return 0
  }
}
