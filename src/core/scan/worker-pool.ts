import { Worker } from 'node:worker_threads'
import { addBatchStats, emptyBatchStats, type BatchStats } from './batch-scan.js'
import type { Finding } from './types.js'

const BATCH_FILES = 64

/**
 * Scans files across `threads` worker threads, handing out batches of 64 files as workers
 * free up (large and small files balance out). Workers are terminated on every path out.
 */
export async function scanWithWorkers(
  root: string,
  paths: readonly string[],
  options: {
    threads: number
    disabledRules: string[]
    maxFileSize: number
    onProgress?: (done: number) => void
  },
): Promise<{ findings: Finding[]; stats: BatchStats }> {
  const batches: string[][] = []
  for (let i = 0; i < paths.length; i += BATCH_FILES) batches.push(paths.slice(i, i + BATCH_FILES))
  const findings: Finding[] = []
  const stats = emptyBatchStats()
  const workerUrl = new URL('./scan-worker.js', import.meta.url)
  const workers = Array.from(
    { length: Math.min(options.threads, batches.length) },
    () =>
      new Worker(workerUrl, {
        workerData: { disabledRules: options.disabledRules, maxFileSize: options.maxFileSize },
      }),
  )
  let next = 0
  let done = 0
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolvePromise, reject) => {
            const send = () => {
              if (next >= batches.length) return resolvePromise()
              const id = next++
              worker.postMessage({ id, root, paths: batches[id] })
            }
            worker.on('message', (result: { findings: Finding[]; stats: BatchStats }) => {
              findings.push(...result.findings)
              addBatchStats(stats, result.stats)
              done += result.stats.files
              options.onProgress?.(done)
              send()
            })
            worker.on('error', reject)
            worker.on('exit', (code) => {
              if (next < batches.length || code !== 0)
                reject(new Error(`scan worker exited with code ${code}`))
            })
            send()
          }),
      ),
    )
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
  return { findings, stats }
}
