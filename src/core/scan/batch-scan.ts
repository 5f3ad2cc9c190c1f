import { lstatSync } from 'node:fs'
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
 * replaced by `d -> ~/.ssh`). The file itself is checked by readForScan (O_NOFOLLOW). Each
 * directory is checked once per batch, with one `lstat` of its own after its parent's check:
 * a link anywhere on the way makes every path below it a link. (A `realpath` per directory
 * walked every component again from `/`: ≈ 0.1 CPU-s of a 15,000-file tree.) A directory
 * that is missing or not a directory passes: readForScan says what it is.
 */
function directoryCheck(root: string): (path: string) => boolean {
  const known = new Map<string, boolean>()
  const check = (dir: string): boolean => {
    let ok = known.get(dir)
    if (ok !== undefined) return ok
    const slash = dir.lastIndexOf('/')
    ok = slash === -1 || check(dir.slice(0, slash))
    if (ok) {
      try {
        ok = !lstatSync(join(root, dir)).isSymbolicLink()
      } catch {
        ok = true // missing: readForScan says so
      }
    }
    known.set(dir, ok)
    return ok
  }
  return (path) => {
    const slash = path.lastIndexOf('/')
    return slash === -1 || check(path.slice(0, slash))
  }
}
