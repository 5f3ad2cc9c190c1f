// The blob pool of `scan --history` (worker-pool.ts, BlobScanPool): once a history is large,
// blobs are scanned by worker threads too, and the report must be the one a scan on one
// thread gives. A real history that large (32 MB read) would make a slow test, so this one
// drives the pool of the BUILT code (workers run dist/core/scan/scan-worker.js, which only a
// build has) with the threshold at 0: every batch the main thread does not take goes to a
// worker, and each blob's result must equal scanning it on this thread, in the order added.
import { describe, expect, it } from 'vitest'
import { GITHUB_TOKEN, STRIPE_KEY } from './scan-repo.js'

const dist = new URL('../../../dist/core/scan/', import.meta.url)
type Engine = typeof import('../../../src/core/scan/engine/index.js')
type Pool = typeof import('../../../src/core/scan/worker-pool.js')

describe('scan --history blob pool', () => {
  it('gives every blob the result a one-thread scan gives, in order, with workers running', async () => {
    const engine = (await import(new URL('engine/index.js', dist).href)) as Engine
    const { BlobScanPool } = (await import(new URL('worker-pool.js', dist).href)) as Pool
    const ruleSet = engine.compileRuleSet(engine.BUILTIN_RULES)
    const scan = (bytes: Buffer, path: string) => {
      const counts = { allowed: 0 }
      return { ...engine.scanFile(bytes, path, ruleSet, counts), allowed: counts.allowed }
    }
    // 300 blobs (five batches and more): secrets, an inline allow, binary bytes, views of one
    // shared buffer (as readBlobs hands them over), and plain text.
    const shared = Buffer.from(`TOKEN = "${GITHUB_TOKEN}"\nSTRIPE = "${STRIPE_KEY}" # secrets:allow\n`)
    // The last batch is small (under 4 KB): Buffer.concat would hand out Node's shared pool.
    const blobs = Array.from({ length: 323 }, (_, i) => {
      if (i >= 300) return { path: `small${i}.py`, bytes: i % 2 ? shared : Buffer.from('x = 1\n') }
      const path = `dir${i % 7}/file${i}.py`
      if (i % 5 === 0) return { path, bytes: shared.subarray(0, shared.indexOf(10) + 1) }
      if (i % 5 === 1) return { path, bytes: shared }
      if (i % 5 === 2) return { path, bytes: Buffer.from([0, 1, 2, 3, 255, 0, 7]) }
      return { path, bytes: Buffer.from(`x = ${i}\n`.repeat(200 + i)) }
    })
    const expected = blobs.map((b, i) => ({ tag: i, scan: scan(b.bytes, b.path) }))

    const pool = new BlobScanPool<number>({
      threads: 3,
      disabledRules: [],
      customRules: [],
      maxFileSize: 1024 * 1024,
      scan,
      workersAfterBytes: 0,
    })
    const onWorker: number[] = []
    const counting = new BlobScanPool<number>({
      threads: 3,
      disabledRules: [],
      customRules: [],
      maxFileSize: 1024 * 1024,
      scan: (bytes, path) => {
        onWorker.push(0)
        return scan(bytes, path)
      },
      workersAfterBytes: 0,
    })
    blobs.forEach((b, i) => {
      pool.add(i, b.path, b.bytes)
      counting.add(i, b.path, b.bytes)
    })
    expect(await pool.finish()).toEqual(expected)
    expect(await counting.finish()).toEqual(expected)
    // Workers took part: the main thread scanned fewer than all of the blobs.
    expect(onWorker.length).toBeLessThan(blobs.length)
    expect(expected.filter((e) => e.scan.findings.length > 0).length).toBe(131)
    expect(expected.some((e) => e.scan.allowed > 0)).toBe(true)
    expect(expected.some((e) => e.scan.binary)).toBe(true)
  }, 60_000)
})
