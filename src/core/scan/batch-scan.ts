import { join } from 'node:path'
import type { RuleSet } from './engine/rule-set.js'
import { emptyBatchStats, type BatchStats } from './engine/scan-stats.js'
import { scanFile } from './engine/scan-file.js'
import type { Finding } from './engine/types.js'
import { readForScan } from './file-read.js'

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
      if (read.skipped === 'oversized') {
        stats.skippedOversized++
        stats.oversizedFiles.push({ path, size: read.size })
      } else if (read.skipped === 'unreadable') stats.skippedUnreadable++
      continue
    }
    const scanned = scanFile(read.bytes, path, ruleSet)
    if (scanned.binary) {
      stats.skippedBinary++
      continue
    }
    stats.files++
    stats.bytes += read.bytes.length
    findings.push(...scanned.findings)
  }
  return { findings, stats }
}
