import { fstatSync, writevSync } from 'node:fs'
import { Socket, type SocketConstructorOpts } from 'node:net'
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

/** Longest window the skip table covers (its shifts are bytes). */
const MAX_WINDOW = 255

/**
 * The matcher, without streams or timers: bytes in, the parts to write out (unchanged
 * slices of the input and replacements, in order; no copy of the text between matches).
 * One pass over the bytes finds every pattern at once (Wu-Manber): a window as long as the
 * shortest pattern slides over the input, and a table indexed by the window's last two bytes
 * says how far it may jump (no pattern has that byte pair nearer its window's end); only a
 * pair that ends some pattern's window is checked against the patterns starting with the
 * window's first two bytes. Its cost barely grows with the number of patterns, where one
 * Buffer.indexOf per value form grew linearly (20 values, 60 forms: 60 scans of every chunk).
 */
export class Masker {
  readonly #patterns: MaskPattern[]
  readonly #longest: number
  readonly #firstBytes: Uint8Array
  /** The window: the shortest pattern's length (at most MAX_WINDOW). */
  readonly #window: number
  /** By the window's last byte pair: how far the window may move on (0: check here). */
  readonly #shift: Uint8Array
  /** By a pattern's first byte pair: the patterns starting with it, longest first. */
  readonly #byStart = new Map<number, MaskPattern[]>()
  /** Bytes received and not yet written (a possible start of a value at the chunk's end). */
  #held: Buffer = Buffer.alloc(0)
  /** How many of the held bytes were already written by a timed flush. */
  #heldWritten = 0

  /** `patterns`: at least 2 bytes each (maskPlan's are at least MIN_MASKED). */
  constructor(patterns: MaskPattern[]) {
    // Longest first: where two forms match at one place, the longer one wins.
    this.#patterns = patterns
      .filter((p) => p.bytes.length >= 2)
      .sort((a, b) => b.bytes.length - a.bytes.length)
    this.#longest = this.#patterns[0]?.bytes.length ?? 0
    this.#firstBytes = new Uint8Array(256)
    const window = Math.min(MAX_WINDOW, this.#patterns.at(-1)?.bytes.length ?? 2)
    this.#window = window
    this.#shift = new Uint8Array(65_536).fill(window - 1)
    for (const p of this.#patterns) {
      const b = p.bytes
      this.#firstBytes[b[0] ?? 0] = 1
      const start = pair(b, 0)
      this.#byStart.set(start, [...(this.#byStart.get(start) ?? []), p])
      for (let j = 0; j + 2 <= window; j++) {
        const k = pair(b, j)
        this.#shift[k] = Math.min(this.#shift[k] ?? 0, window - 2 - j)
      }
    }
  }

  /** True while bytes are held back (the caller flushes them after FLUSH_MS of silence). */
  get holding(): boolean {
    return this.#held.length > this.#heldWritten
  }

  /**
   * The parts to write for this chunk (its end may be held back until the next one). They
   * may be slices of `chunk`: write them before `chunk` is reused; held bytes are copied.
   */
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
    const matches = this.#find(buf, ignoreBefore, end)
    const stop = Math.max(skip, end)
    if (matches.length === 0)
      return { parts: stop > skip ? [buf.subarray(skip, stop)] : [], written: stop, matchedTo: 0 }
    const parts: Buffer[] = []
    let cursor = skip
    let matchedTo = 0
    for (const m of matches) {
      // Wholly inside what a timed flush wrote: nothing left to mask.
      if (m.stop <= skip) continue
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

  /**
   * The matches starting in `[from, end)` (they may run to the end of `buf`), leftmost
   * first and, at one place, the longest; the search goes on after each match, so none
   * overlap.
   */
  #find(buf: Buffer, from: number, end: number): Array<{ start: number; stop: number; replacement: Buffer }> {
    const found: Array<{ start: number; stop: number; replacement: Buffer }> = []
    const window = this.#window
    const shift = this.#shift
    // i: the index of the window's last byte pair; the window starts at i - window + 2.
    const last = Math.min(end - 1, buf.length - window) + window - 2
    let i = from + window - 2
    while (i <= last) {
      const s = shift[((buf[i] ?? 0) << 8) | (buf[i + 1] ?? 0)] ?? 0
      if (s !== 0) {
        i += s
        continue
      }
      const at = i - window + 2
      const hit = this.#byStart
        .get(pair(buf, at))
        ?.find(
          (p) =>
            at + p.bytes.length <= buf.length &&
            buf.compare(p.bytes, 0, p.bytes.length, at, at + p.bytes.length) === 0,
        )
      if (!hit) {
        i++
        continue
      }
      found.push({ start: at, stop: at + hit.bytes.length, replacement: hit.replacement })
      i = at + hit.bytes.length + window - 2
    }
    return found
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

/** The byte pair at `at` as one number (the key of the skip and start tables). */
function pair(b: Buffer, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0)
}

/**
 * Feeds a Masker and writes what it returns through `emit`; after FLUSH_MS without input,
 * the held bytes are flushed (line-level latency). `emit` returns false for backpressure.
 */
class MaskFeed {
  readonly #masker: Masker
  readonly #emit: (parts: Buffer[]) => boolean
  #timer: NodeJS.Timeout | undefined
  /** Reading is paused for backpressure: more input may be waiting, the held bytes wait too. */
  #paused = false
  /** Counts the writes, so a flush due knows when input arrived in the meantime. */
  #writes = 0

  constructor(patterns: MaskPattern[], emit: (parts: Buffer[]) => boolean) {
    this.#masker = new Masker(patterns)
    this.#emit = emit
  }

  write(chunk: Buffer): boolean {
    this.#writes++
    this.#disarm()
    const ok = this.#send(this.#masker.write(chunk))
    this.#arm()
    return ok
  }

  /** The caller stopped reading (backpressure): no timed flush until `resume`. */
  pause(): void {
    this.#paused = true
    this.#disarm()
  }

  resume(): void {
    this.#paused = false
    this.#arm()
  }

  end(): void {
    this.#disarm()
    this.#send(this.#masker.end())
  }

  /**
   * After FLUSH_MS without input, the held bytes go out; first one more turn of the event
   * loop's poll phase (setImmediate runs after it), so input that was already waiting (this
   * process descheduled for longer than FLUSH_MS) is read and completes the match instead.
   */
  #arm(): void {
    if (this.#paused || !this.#masker.holding) return
    const seen = this.#writes
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      setImmediate(() => {
        if (this.#writes === seen && !this.#paused && this.#masker.holding)
          this.#send(this.#masker.flushHeld())
      })
    }, FLUSH_MS)
    this.#timer.unref()
  }

  #disarm(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
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

/** How much of a child's output one read may take (Node's own reads are 64 KiB, each into a new buffer). */
const READ_SIZE = 256 * 1024

/**
 * `from` through the mask into `to` (not ended: stdout and stderr stay open), resolving when
 * `from` has ended and everything is written. No copy of the text: the parts of a chunk go
 * out in one writev, to a file (or /dev/null) directly on its descriptor as Node's own
 * synchronous file stdout would, to a pipe or terminal corked into one write of the stream.
 * A child's pipe is read into one reused buffer (`reusingReadBuffer`) while nothing written
 * still points into it.
 */
export function pipeThroughMask(
  from: Readable,
  to: NodeJS.WritableStream,
  patterns: MaskPattern[],
): Promise<void> {
  const fd = fileDescriptor(to)
  const writable = to as Writable
  const socketTarget = to instanceof Socket
  let source: Readable = from
  // The reader of our output went away (EPIPE, `| head`): stop reading, so the child's next
  // write fails as it would without --mask, and keep its exit status; nothing more is written.
  let broken = false
  const onBroken = () => {
    broken = true
    source.destroy()
  }
  let buffer: Buffer | undefined
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
    // The parts may point into the read buffer. A socket (a pipe, a terminal) that wrote them
    // out at once keeps nothing (Node's stdout on Linux writes synchronously); one that queued
    // them, or any other stream (which may keep the chunks it was given), keeps them, so the
    // next read goes into a new buffer.
    if (!socketTarget || writable.writableLength > 0) buffer = undefined
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
    const onChunk = (chunk: Buffer): boolean => {
      if (feed.write(chunk)) return true
      feed.pause()
      writable.once('drain', () => {
        feed.resume()
        source.resume()
      })
      return false
    }
    const own = reusingReadBuffer(from, () => (buffer ??= Buffer.allocUnsafe(READ_SIZE)), onChunk)
    if (own) source = own
    else
      from.on('data', (chunk: Buffer) => {
        if (!onChunk(chunk)) from.pause()
      })
    source.once('end', finish)
    source.once('close', finish)
    source.once('error', finish)
  })
}

/**
 * The pipe of `from` (a child's stdout or stderr as spawn made it) read through net.Socket's
 * `onread` option: each read goes into the buffer `next` returns (256 KiB, reused) instead of
 * a new 64 KiB one, and no stream machinery runs per chunk; `onChunk` returning false pauses
 * it until `resume()`. Against Node's own reading, a third of the CPU time per megabyte
 * (bench/README.md, `--mask`). spawn offers no such option, so the socket it made gives up its
 * handle (`_handle`, an internal Node has kept since 0.x) to a new one; `from` closes with it,
 * so the ChildProcess still emits 'close'. Undefined where that cannot be done safely (not a
 * socket, already read from, no such handle), and the caller reads 'data' events instead.
 */
function reusingReadBuffer(
  from: Readable,
  next: () => Buffer,
  onChunk: (chunk: Buffer) => boolean,
): Socket | undefined {
  if (!(from instanceof Socket)) return undefined
  const old = from as Socket & { _handle?: { useUserBuffer?: unknown } | null }
  const handle = old._handle
  if (
    !handle ||
    typeof handle.useUserBuffer !== 'function' ||
    old.destroyed ||
    old.readableLength > 0 ||
    old.listenerCount('data') > 0 ||
    old.bytesRead > 0
  )
    return undefined
  old._handle = null
  const socket = new Socket({
    handle,
    readable: true,
    writable: false,
    onread: {
      buffer: next,
      callback: (n: number, buf: Uint8Array) => onChunk((buf as Buffer).subarray(0, n)),
    },
  } as SocketConstructorOpts)
  socket.once('close', () => old.destroy())
  return socket
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
