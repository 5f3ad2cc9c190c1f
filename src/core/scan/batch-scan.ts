import { realpathSync } from 'node:fs'
import { join } from 'node:path'
import type { RuleSet } from './engine/rule-set.js'
import { addNotScanned, emptyBatchStats, type BatchStats } from './engine/scan-stats.js'
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
  const insideRoot = directoryCheck(root)
  const counts = { allowed: 0 }
  for (const path of paths) {
    const read = insideRoot(path)
      ? readForScan(path === '' ? root : join(root, path), maxFileSize, scratch)
      : ({ skipped: 'symlink', size: 0 } as const)
    if ('skipped' in read) {
      if (read.skipped === 'oversized') {
        stats.skippedOversized++
        stats.oversizedFiles.push({ path, size: read.size })
      } else if (read.skipped === 'unreadable') stats.skippedUnreadable++
      else if (read.skipped === 'symlink' || read.skipped === 'special')
        addNotScanned(stats, { path, reason: read.skipped })
      continue
    }
    const scanned = scanFile(read.bytes, path, ruleSet, counts)
    if (scanned.binary) {
      stats.skippedBinary++
      continue
    }
    stats.files++
    stats.bytes += read.bytes.length
    findings.push(...scanned.findings)
  }
  stats.suppressedInline = counts.allowed
  return { findings, stats }
}

/**
 * True when the directories of a path (relative to `root`) are real directories under it,
 * not a symbolic link out of the tree (a path git still lists from its index after `d` was
 * replaced by `d -> ~/.ssh`). The file itself is checked by readForScan (O_NOFOLLOW); each
 * directory is resolved once per batch.
 */
function directoryCheck(root: string): (path: string) => boolean {
  let realRoot: string | undefined
  const known = new Map<string, boolean>()
  return (path) => {
    const slash = path.lastIndexOf('/')
    if (slash === -1) return true
    const dir = path.slice(0, slash)
    let ok = known.get(dir)
    if (ok === undefined) {
      try {
        realRoot ??= realpathSync(root)
        ok = realpathSync(join(root, dir)) === join(realRoot, dir)
      } catch {
        ok = true // missing: readForScan says so
      }
      known.set(dir, ok)
    }
    return ok
  }
}
