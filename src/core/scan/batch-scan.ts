import { join } from 'node:path'
import { readForScan } from './file-read.js'
import type { RuleSet } from './rule-set.js'
import { scanBytes } from './scan-text.js'
import type { Finding } from './types.js'

/** Counts for a batch of files; summed across batches and workers. */
export interface BatchStats {
  files: number
  bytes: number
  skippedBinary: number
  skippedOversized: number
  skippedUnreadable: number
}

/** Zeroed counts to add batches into. */
export function emptyBatchStats(): BatchStats {
  return { files: 0, bytes: 0, skippedBinary: 0, skippedOversized: 0, skippedUnreadable: 0 }
}

/** Adds `b` into `a`. */
export function addBatchStats(a: BatchStats, b: BatchStats): void {
  a.files += b.files
  a.bytes += b.bytes
  a.skippedBinary += b.skippedBinary
  a.skippedOversized += b.skippedOversized
  a.skippedUnreadable += b.skippedUnreadable
}

/** Reads and scans files under `root` (paths relative, posix); used in-process and by workers. */
export function scanFileBatch(
  root: string,
  paths: readonly string[],
  ruleSet: RuleSet,
  maxFileSize: number,
): { findings: Finding[]; stats: BatchStats } {
  const stats = emptyBatchStats()
  const findings: Finding[] = []
  // Findings copy what they keep (strings), so one read buffer serves the whole batch.
  const scratch = Buffer.allocUnsafe(Math.min(maxFileSize, 8 * 1024 * 1024))
  for (const path of paths) {
    const read = readForScan(path === '' ? root : join(root, path), maxFileSize, scratch)
    if ('skipped' in read) {
      if (read.skipped === 'binary') stats.skippedBinary++
      else if (read.skipped === 'oversized') stats.skippedOversized++
      else if (read.skipped === 'unreadable') stats.skippedUnreadable++
      continue
    }
    stats.files++
    stats.bytes += read.bytes.length
    findings.push(...scanBytes(read.bytes, path, ruleSet))
  }
  return { findings, stats }
}
