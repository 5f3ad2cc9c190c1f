import { Worker } from 'node:worker_threads'
import { scanFileBatch } from './batch-scan.js'
import type { CustomRuleSpec } from './engine/custom-rules.js'
import type { RuleSet } from './engine/rule-set.js'
import { addBatchStats, emptyBatchStats, type BatchStats } from './engine/scan-stats.js'
import type { Finding } from './engine/types.js'

const BATCH_FILES = 64
/** Batches queued per worker, so a worker never waits for the main thread to dispatch. */
const IN_FLIGHT = 2
/**
 * While the main thread is still listing files it cannot answer workers (a walk is
 * synchronous), so each worker gets a deeper queue then.
 */
const IN_FLIGHT_LISTING = 6
/** Below this many files, starting workers costs more than it saves. */
export const WORKER_THRESHOLD = 256

export interface ScanPoolOptions {
  /** Cores to use: `threads - 1` workers plus the main thread. */
  threads: number
  ruleSet: RuleSet
  disabledRules: string[]
  /** The project's rules (plain data: workers build them again). */
  customRules: CustomRuleSpec[]
  maxFileSize: number
  onProgress?: (done: number, listed: number) => void
}

interface PoolWorker {
  worker: Worker
  inFlight: number
}

type WorkerOptions = Pick<ScanPoolOptions, 'threads' | 'disabledRules' | 'customRules' | 'maxFileSize'>

/**
 * The scan workers of one pool (scan-worker.ts: each compiles the same rules as the main
 * thread) and what both pools share about them: the first failure (a worker's error, or its
 * exit with work still in flight), the wake-up of a `drained` wait, and termination.
 */
class ScanCrew {
  readonly workers: PoolWorker[] = []
  failure: Error | undefined
  private wake: (() => void) | undefined

  constructor(private readonly options: WorkerOptions) {}

  /** Starts `threads - 1` workers (at most 7); `onResult` handles each answer. */
  start<R>(onResult: (w: PoolWorker, result: R) => void): void {
    const { disabledRules, customRules, maxFileSize } = this.options
    for (let i = 0; i < Math.min(this.options.threads, 8) - 1; i++) {
      const w: PoolWorker = {
        worker: new Worker(new URL('./scan-worker.js', import.meta.url), {
          workerData: { disabledRules, customRules, maxFileSize },
        }),
        inFlight: 0,
      }
      w.worker.on('error', (error) => this.fail(error))
      w.worker.on('exit', (code) => {
        if (w.inFlight > 0) this.fail(new Error(`scan worker exited with code ${code}`))
      })
      w.worker.on('message', (result: R) => {
        w.inFlight--
        onResult(w, result)
        this.notify()
      })
      this.workers.push(w)
    }
  }

  /** Resolves once no worker has work in flight; rejects with the first failure. */
  async drained(): Promise<void> {
    while (!this.failure && this.workers.some((w) => w.inFlight > 0))
      await new Promise<void>((resolvePromise) => (this.wake = resolvePromise))
    if (this.failure) throw this.failure
  }

  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()))
  }

  private fail(error: Error): void {
    this.failure ??= error
    this.notify()
  }

  private notify(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }
}

/**
 * Scans files on up to `threads` cores while they are still being listed: `add` takes paths
 * as the listing finds them and cuts them into 64-file batches; once the tree is known to
 * hold `WORKER_THRESHOLD` files, `threads - 1` worker threads start (their start-up overlaps
 * the rest of the listing) and get batches at once. `finish` lets the main thread take
 * batches too (a two-core machine pays for one worker start-up, not two) and collects the
 * findings. Workers are terminated on every path out (`finish` or `abort`).
 */
export class ScanPool {
  private readonly batches: string[][] = []
  private pending: string[] = []
  private next = 0
  private listed = 0
  private done = 0
  private listing = true
  private readonly findings: Finding[] = []
  private readonly stats = emptyBatchStats()
  private readonly crew: ScanCrew

  constructor(
    private readonly root: string,
    private readonly options: ScanPoolOptions,
  ) {
    this.crew = new ScanCrew(options)
  }

  /** Queues paths (relative to the root) for scanning; workers get them right away. */
  add(paths: readonly string[]): void {
    for (const path of paths) {
      this.pending.push(path)
      if (this.pending.length === BATCH_FILES) {
        this.batches.push(this.pending)
        this.pending = []
      }
    }
    this.listed += paths.length
    if (this.crew.workers.length === 0 && this.options.threads > 1 && this.listed >= WORKER_THRESHOLD)
      this.crew.start<{ id: number; findings: Finding[]; stats: BatchStats }>((w, result) => {
        this.collect(result, this.batches[result.id] ?? [])
        this.dispatch(w)
      })
    for (const w of this.crew.workers) this.dispatch(w)
  }

  /** Scans what is left (the main thread working too) and returns everything found. */
  async finish(): Promise<{ findings: Finding[]; stats: BatchStats }> {
    this.listing = false
    if (this.pending.length > 0) this.batches.push(this.pending)
    this.pending = []
    try {
      for (const w of this.crew.workers) this.dispatch(w)
      // The main thread takes batches too, yielding between them so worker results are handled.
      while (this.next < this.batches.length && !this.crew.failure) {
        const batch = this.batches[this.next++] as string[]
        this.collect(scanFileBatch(this.root, batch, this.options.ruleSet, this.options.maxFileSize), batch)
        if (this.crew.workers.length > 0) await new Promise((resolvePromise) => setImmediate(resolvePromise))
      }
      await this.crew.drained()
    } finally {
      await this.abort()
    }
    return { findings: this.findings, stats: this.stats }
  }

  /** Stops the workers (the listing failed, or the scan is over). */
  async abort(): Promise<void> {
    await this.crew.terminate()
  }

  private dispatch(w: PoolWorker): void {
    const depth = this.listing ? IN_FLIGHT_LISTING : IN_FLIGHT
    while (w.inFlight < depth && this.next < this.batches.length && !this.crew.failure) {
      const id = this.next++
      w.inFlight++
      w.worker.postMessage({ id, root: this.root, paths: this.batches[id] })
    }
  }

  private collect(result: { findings: Finding[]; stats: BatchStats }, batch: readonly string[]): void {
    for (const f of result.findings) this.findings.push(f)
    addBatchStats(this.stats, result.stats)
    this.done += batch.length
    this.options.onProgress?.(this.done, this.listed)
  }
}

/** What scanning one blob gave: its findings, whether it was binary, its inline suppressions. */
export interface BlobScan {
  findings: Finding[]
  binary: boolean
  allowed: number
}

/** A batch of blobs is cut at this many blobs or bytes. */
const BLOB_BATCH_COUNT = 64
const BLOB_BATCH_BYTES = 1024 * 1024
/**
 * Workers start once this many bytes have been read: a history smaller than this (this
 * project's own, ~15 MB) is scanned on the main thread alone, where a worker's start-up
 * (~0.1 CPU-s: its module graph and the rule compilation) would cost more than it saves.
 */
export const BLOB_WORKERS_AFTER_BYTES = 32 * 1024 * 1024

interface BlobBatch<T> {
  tags: T[]
  paths: string[]
  parts: Buffer[]
  bytes: number
}

/**
 * Scans blobs (`--history`) on the main thread, and, once the history is known to be large
 * (`BLOB_WORKERS_AFTER_BYTES` read), on `threads - 1` workers too: the main thread reads the
 * cat-file stream and scans a batch itself whenever every worker has its queue full. Each
 * blob's result comes back with its tag, in the order the blobs were added, so the report is
 * the same as a scan on one thread. Workers are terminated on every path out.
 */
export class BlobScanPool<T> {
  private batch: BlobBatch<T> = { tags: [], paths: [], parts: [], bytes: 0 }
  private readonly results: (Array<{ tag: T; scan: BlobScan }> | undefined)[] = []
  private readonly batches = new Map<number, BlobBatch<T>>()
  private read = 0
  private readonly crew: ScanCrew

  constructor(
    private readonly options: WorkerOptions & {
      /** The scan of one blob on this thread (the same rules the workers compile). */
      scan: (bytes: Buffer, path: string) => BlobScan
      /** Bytes read before workers start (default BLOB_WORKERS_AFTER_BYTES). */
      workersAfterBytes?: number
    },
  ) {
    this.crew = new ScanCrew(options)
  }

  /** Queues one blob; a full batch is scanned here or posted to a free worker. */
  add(tag: T, path: string, bytes: Buffer): void {
    const batch = this.batch
    batch.tags.push(tag)
    batch.paths.push(path)
    batch.parts.push(bytes)
    batch.bytes += bytes.length
    this.read += bytes.length
    if (batch.parts.length >= BLOB_BATCH_COUNT || batch.bytes >= BLOB_BATCH_BYTES) this.flush()
  }

  /** Scans what is left and returns every blob's result, in the order added. */
  async finish(): Promise<Array<{ tag: T; scan: BlobScan }>> {
    try {
      this.flush()
      await this.crew.drained()
    } finally {
      await this.abort()
    }
    return this.results.flatMap((r) => r ?? [])
  }

  /** Stops the workers (reading failed, or the scan is over). */
  async abort(): Promise<void> {
    await this.crew.terminate()
  }

  private flush(): void {
    const batch = this.batch
    if (batch.parts.length === 0) return
    this.batch = { tags: [], paths: [], parts: [], bytes: 0 }
    const id = this.results.length
    this.results.push(undefined)
    const threshold = this.options.workersAfterBytes ?? BLOB_WORKERS_AFTER_BYTES
    if (this.crew.workers.length === 0 && this.options.threads > 1 && this.read >= threshold)
      this.crew.start<{ id: number; scans: BlobScan[] }>((_, result) => {
        const done = this.batches.get(result.id)
        this.batches.delete(result.id)
        if (done) this.results[result.id] = result.scans.map((scan, j) => ({ tag: done.tags[j] as T, scan }))
      })
    const free = this.crew.workers.find((w) => w.inFlight < IN_FLIGHT)
    if (free && !this.crew.failure) {
      // One buffer per batch, transferred (not cloned): the blobs may be views of pipe chunks.
      // A fresh ArrayBuffer at offset 0: Buffer.concat may return a slice of Node's shared
      // pool (small batches), which must neither be transferred nor read from offset 0.
      const all = new Uint8Array(batch.bytes)
      let offset = 0
      for (const part of batch.parts) {
        all.set(part, offset)
        offset += part.length
      }
      const sizes = batch.parts.map((p) => p.length)
      this.batches.set(id, batch)
      free.inFlight++
      free.worker.postMessage({ id, blobs: { paths: batch.paths, sizes, bytes: all.buffer } }, [all.buffer])
      return
    }
    this.results[id] = batch.parts.map((bytes, i) => ({
      tag: batch.tags[i] as T,
      scan: this.options.scan(bytes, batch.paths[i] as string),
    }))
  }
}
