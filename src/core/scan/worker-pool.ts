import { Worker } from 'node:worker_threads'
import { addBatchStats, emptyBatchStats, scanFileBatch, type BatchStats } from './batch-scan.js'
import type { RuleSet } from './rule-set.js'
import type { Finding } from './types.js'

const BATCH_FILES = 64
/** Batches queued per worker, so a worker never waits for the main thread to dispatch. */
const IN_FLIGHT = 2

/**
 * Scans files on `threads` cores: `threads - 1` worker threads plus the main thread, all
 * pulling 64-file batches from one queue (large and small files balance out). The main
 * thread works too, so a two-core machine pays for one worker start-up, not two. Workers are
 * terminated on every path out.
 */
export async function scanWithWorkers(
  root: string,
  paths: readonly string[],
  options: {
    threads: number
    ruleSet: RuleSet
    disabledRules: string[]
    maxFileSize: number
    onProgress?: (done: number) => void
  },
): Promise<{ findings: Finding[]; stats: BatchStats }> {
  const batches: string[][] = []
  for (let i = 0; i < paths.length; i += BATCH_FILES) batches.push(paths.slice(i, i + BATCH_FILES))
  const findings: Finding[] = []
  const stats = emptyBatchStats()
  let next = 0
  let done = 0
  const collect = (result: { findings: Finding[]; stats: BatchStats }, count: number) => {
    for (const f of result.findings) findings.push(f)
    addBatchStats(stats, result.stats)
    done += count
    options.onProgress?.(done)
  }

  const workerUrl = new URL('./scan-worker.js', import.meta.url)
  const workers = Array.from(
    { length: Math.max(0, Math.min(options.threads - 1, batches.length - 1)) },
    () =>
      new Worker(workerUrl, {
        workerData: { disabledRules: options.disabledRules, maxFileSize: options.maxFileSize },
      }),
  )
  try {
    const finished = workers.map(
      (worker) =>
        new Promise<void>((resolvePromise, reject) => {
          let inFlight = 0
          const send = () => {
            while (inFlight < IN_FLIGHT && next < batches.length) {
              const id = next++
              inFlight++
              worker.postMessage({ id, root, paths: batches[id] })
            }
            if (inFlight === 0) resolvePromise()
          }
          worker.on('message', (result: { id: number; findings: Finding[]; stats: BatchStats }) => {
            inFlight--
            collect(result, batches[result.id]?.length ?? 0)
            send()
          })
          worker.on('error', reject)
          worker.on('exit', (code) => {
            if (inFlight > 0) reject(new Error(`scan worker exited with code ${code}`))
          })
          send()
        }),
    )
    // The main thread takes batches too, yielding between them so worker results are handled.
    while (next < batches.length) {
      const id = next++
      const batch = batches[id] as string[]
      collect(scanFileBatch(root, batch, options.ruleSet, options.maxFileSize), batch.length)
      await new Promise((resolvePromise) => setImmediate(resolvePromise))
    }
    await Promise.all(finished)
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
  return { findings, stats }
}
