import { fstatSync, writevSync } from 'node:fs'
import type { Readable, Writable } from 'node:stream'
import { Transform, type TransformCallback } from 'node:stream'
import { isatty } from 'node:tty'

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

/**
 * The matcher, without streams or timers: bytes in, the parts to write out (unchanged
 * slices of the input and replacements, in order; no copy of the text between matches).
 * The patterns are grouped by their first MIN_MASKED bytes (a value's plain, URL-encoded and
 * JSON-escaped forms usually share them, and so do its two base64 forms): one Buffer.indexOf
 * of the group's common prefix per group, then a compare per member where it is found.
 */
export class Masker {
  readonly #groups: Array<{ anchor: Buffer; members: MaskPattern[] }>
  readonly #patterns: MaskPattern[]
  readonly #longest: number
  readonly #firstBytes: Uint8Array
  /** Bytes received and not yet written (a possible start of a value at the chunk's end). */
  #held: Buffer = Buffer.alloc(0)
  /** How many of the held bytes were already written by a timed flush. */
  #heldWritten = 0

  constructor(patterns: MaskPattern[]) {
    // Longest first: where two forms match at one place, the longer one wins.
    this.#patterns = [...patterns].sort((a, b) => b.bytes.length - a.bytes.length)
    this.#longest = this.#patterns[0]?.bytes.length ?? 0
    this.#firstBytes = new Uint8Array(256)
    const groups = new Map<string, MaskPattern[]>()
    for (const p of this.#patterns) {
      this.#firstBytes[p.bytes[0] ?? 0] = 1
      const key = p.bytes.subarray(0, MIN_MASKED).toString('latin1')
      groups.set(key, [...(groups.get(key) ?? []), p])
    }
    this.#groups = [...groups.values()].map((members) => ({ anchor: commonPrefix(members), members }))
  }

  /** True while bytes are held back (the caller flushes them after FLUSH_MS of silence). */
  get holding(): boolean {
    return this.#held.length > this.#heldWritten
  }

  /** The parts to write for this chunk (its end may be held back until the next one). */
  write(chunk: Buffer): Buffer[] {
    if (this.#patterns.length === 0) return chunk.length ? [chunk] : []
    const held = this.#held
    if (held.length === 0) return this.#process(chunk, 0, 0)
    // A small chunk: join it to the held bytes. A large one: settle the held bytes on a
    // short join (a match starting in them ends within `longest` bytes), then go on in the
    // chunk itself, so it is never copied.
    if (chunk.length <= this.#longest)
      return this.#process(Buffer.concat([held, chunk]), this.#heldWritten, 0)
    const joint = Buffer.concat([held, chunk.subarray(0, this.#longest)])
    const first = this.#replace(joint, held.length, this.#heldWritten, 0)
    const from = Math.max(0, first.matchedTo - held.length)
    return [...first.parts, ...this.#process(chunk, from, from)]
  }

  /** The child paused mid-line: the held bytes to write now (kept to finish a match later). */
  flushHeld(): Buffer[] {
    const { parts } = this.#replace(this.#held, this.#held.length, this.#heldWritten, 0)
    this.#heldWritten = this.#held.length
    return parts
  }

  /** End of input: whatever is still held. */
  end(): Buffer[] {
    const parts = this.flushHeld()
    this.#held = Buffer.alloc(0)
    this.#heldWritten = 0
    return parts
  }

  /** Writes `buf` from `skip` on, holding back a suffix that could begin a value. */
  #process(buf: Buffer, skip: number, ignoreBefore: number): Buffer[] {
    const end = buf.length - this.#partialSuffix(buf, ignoreBefore)
    const { parts, written, matchedTo } = this.#replace(buf, end, skip, ignoreBefore)
    // Held: from the end of the last match or of the written part, whichever is later; of
    // those, the bytes a timed flush already wrote stay marked as written.
    const holdFrom = Math.max(end, matchedTo)
    this.#held = holdFrom < buf.length ? Buffer.from(buf.subarray(holdFrom)) : Buffer.alloc(0)
    this.#heldWritten = Math.min(this.#held.length, Math.max(0, written - holdFrom))
    return parts
  }

  /**
   * The parts for `buf[skip..end)` with every match that starts in `[ignoreBefore, end)`
   * replaced (a match may run past `end`: `matchedTo` says where the last one stops;
   * `written`, where output stops). Bytes before `skip` were already written by a timed
   * flush; a match starting there is masked from `skip` on.
   */
  #replace(
    buf: Buffer,
    end: number,
    skip: number,
    ignoreBefore: number,
  ): { parts: Buffer[]; written: number; matchedTo: number } {
    const matches: Array<{ start: number; stop: number; replacement: Buffer }> = []
    for (const { anchor, members } of this.#groups) {
      let at = buf.indexOf(anchor, ignoreBefore)
      while (at !== -1 && at < end) {
        const hit = members.find(
          (p) =>
            at + p.bytes.length <= buf.length &&
            buf.compare(p.bytes, 0, p.bytes.length, at, at + p.bytes.length) === 0,
        )
        if (hit && at + hit.bytes.length > skip)
          matches.push({ start: at, stop: at + hit.bytes.length, replacement: hit.replacement })
        // Another match starting inside this one would lose to it: search on after it.
        at = buf.indexOf(anchor, at + (hit ? hit.bytes.length : 1))
      }
    }
    const stop = Math.max(skip, end)
    if (matches.length === 0)
      return { parts: stop > skip ? [buf.subarray(skip, stop)] : [], written: stop, matchedTo: 0 }
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
    return { parts, written: cursor, matchedTo }
  }

  /** The longest suffix of `buf` (from `from` on) that is a proper prefix of some pattern. */
  #partialSuffix(buf: Buffer, from: number): number {
    for (let i = Math.max(from, buf.length - this.#longest + 1); i < buf.length; i++) {
      if (!this.#firstBytes[buf[i] ?? 0]) continue
      const tail = buf.length - i
      for (const p of this.#patterns)
        if (p.bytes.length > tail && buf.compare(p.bytes, 0, tail, i, buf.length) === 0) return tail
    }
    return 0
  }
}

function commonPrefix(members: MaskPattern[]): Buffer {
  const [first, ...rest] = members.map((p) => p.bytes)
  let length = first?.length ?? 0
  for (const b of rest) {
    let i = 0
    while (i < length && i < b.length && b[i] === first?.[i]) i++
    length = i
  }
  return first ? first.subarray(0, length) : Buffer.alloc(0)
}

/**
 * Feeds a Masker and writes what it returns through `emit`; after FLUSH_MS without input,
 * the held bytes are flushed (line-level latency). `emit` returns false for backpressure.
 */
class MaskFeed {
  readonly #masker: Masker
  readonly #emit: (parts: Buffer[]) => boolean
  #timer: NodeJS.Timeout | undefined

  constructor(patterns: MaskPattern[], emit: (parts: Buffer[]) => boolean) {
    this.#masker = new Masker(patterns)
    this.#emit = emit
  }

  write(chunk: Buffer): boolean {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    const ok = this.#send(this.#masker.write(chunk))
    if (this.#masker.holding) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined
        this.#send(this.#masker.flushHeld())
      }, FLUSH_MS)
      this.#timer.unref()
    }
    return ok
  }

  end(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    this.#send(this.#masker.end())
  }

  #send(parts: Buffer[]): boolean {
    return parts.length === 0 || this.#emit(parts)
  }
}

/** A streaming filter replacing every pattern; output order equals input order. */
export class MaskStream extends Transform {
  readonly #feed: MaskFeed

  constructor(patterns: MaskPattern[]) {
    super()
    this.#feed = new MaskFeed(patterns, (parts) =>
      this.push(parts.length === 1 ? parts[0] : Buffer.concat(parts)),
    )
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#feed.write(chunk)
    done()
  }

  override _flush(done: TransformCallback): void {
    this.#feed.end()
    done()
  }
}

/**
 * `from` through the mask into `to` (not ended: stdout and stderr stay open), resolving when
 * `from` has ended and everything is written. No copy of the text: the parts of a chunk go
 * out in one writev, to a file (or /dev/null) directly on its descriptor as Node's own
 * synchronous file stdout would, to a pipe or terminal corked into one write of the stream.
 */
export function pipeThroughMask(
  from: Readable,
  to: NodeJS.WritableStream,
  patterns: MaskPattern[],
): Promise<void> {
  const fd = fileDescriptor(to)
  const writable = to as Writable
  // The reader of our output went away (EPIPE, `| head`): stop reading, so the child's next
  // write fails as it would without --mask, and keep its exit status; nothing more is written.
  let broken = false
  const onBroken = () => {
    broken = true
    from.destroy()
  }
  const feed = new MaskFeed(patterns, (parts) => {
    if (broken) return true
    if (fd !== undefined) {
      try {
        return writeAllSync(fd, parts)
      } catch {
        onBroken()
        return true
      }
    }
    writable.cork()
    let ok = true
    for (const part of parts) ok = writable.write(part) && ok
    writable.uncork()
    return ok
  })
  writable.on('error', onBroken)
  return new Promise<void>((resolve) => {
    let done = false
    const finish = () => {
      if (done) return
      done = true
      feed.end()
      writable.off('error', onBroken)
      resolve()
    }
    from.on('data', (chunk: Buffer) => {
      if (!feed.write(chunk)) {
        from.pause()
        writable.once('drain', () => from.resume())
      }
    })
    from.once('end', finish)
    from.once('close', finish)
    from.once('error', finish)
  })
}

/** The descriptor of a stream Node writes synchronously to a file or a character device (not a terminal). */
function fileDescriptor(stream: NodeJS.WritableStream): number | undefined {
  const fd = (stream as { fd?: unknown }).fd
  if (typeof fd !== 'number' || isatty(fd)) return undefined
  try {
    const stat = fstatSync(fd)
    return stat.isFile() || stat.isCharacterDevice() ? fd : undefined
  } catch {
    return undefined
  }
}

function writeAllSync(fd: number, parts: Buffer[]): boolean {
  let rest = parts
  for (let written = writevSync(fd, rest); ; written = writevSync(fd, rest)) {
    const total = rest.reduce((sum, p) => sum + p.length, 0)
    if (written >= total) return true
    // A short write (a full disk stops with an error instead): go on after what was written.
    const remaining = Buffer.concat(rest).subarray(written)
    rest = [remaining]
  }
}
