/** A file (or blob) skipped for its size: named in --verbose, JSON and SARIF output. */
export interface OversizedFile {
  /** Relative to the scan root, like a finding's path. */
  path: string
  /** Its size in bytes (over the `maxFileSize` limit). */
  size: number
}

/**
 * A path the scan saw and did not read, and why: a symbolic link (never followed), a file
 * that is not regular (FIFO, socket, device), a file below the walk's depth limit, or a file
 * a project rule gave up on (its time budget). Named in --verbose, JSON and SARIF output.
 */
export interface NotScanned {
  /** Relative to the scan root, like a finding's path. */
  path: string
  reason: 'symlink' | 'special' | 'too-deep' | 'rule-timeout'
  /** For `rule-timeout`: the rule and its budget. */
  detail?: string
}

/** Counts for a batch of files; summed across batches and workers. */
export interface BatchStats {
  files: number
  bytes: number
  skippedBinary: number
  skippedOversized: number
  skippedUnreadable: number
  /** Symbolic links, files that are not regular, files below the depth limit (see `notScanned`). */
  skippedLinks: number
  skippedSpecial: number
  skippedTooDeep: number
  /** Findings dropped by a `secrets:allow` comment on their line. */
  suppressedInline: number
  /** The oversized files themselves (their count is `skippedOversized`). */
  oversizedFiles: OversizedFile[]
  /** Every other path not read, by name. */
  notScanned: NotScanned[]
}

/** Zeroed counts to add batches into. */
export function emptyBatchStats(): BatchStats {
  return {
    files: 0,
    bytes: 0,
    skippedBinary: 0,
    skippedOversized: 0,
    skippedUnreadable: 0,
    skippedLinks: 0,
    skippedSpecial: 0,
    skippedTooDeep: 0,
    suppressedInline: 0,
    oversizedFiles: [],
    notScanned: [],
  }
}

/** Counts one path not read (a link, a special file, too deep, a rule timeout) into `stats`. */
export function addNotScanned(stats: BatchStats, entry: NotScanned): void {
  if (entry.reason === 'symlink') stats.skippedLinks++
  else if (entry.reason === 'special') stats.skippedSpecial++
  else if (entry.reason === 'too-deep') stats.skippedTooDeep++
  // A rule timeout is not a skipped file: the built-in rules read it; it is named, not counted.
  stats.notScanned.push(entry)
}

/** Adds `b` into `a`. */
export function addBatchStats(a: BatchStats, b: BatchStats): void {
  a.files += b.files
  a.bytes += b.bytes
  a.skippedBinary += b.skippedBinary
  a.skippedOversized += b.skippedOversized
  a.skippedUnreadable += b.skippedUnreadable
  a.skippedLinks += b.skippedLinks
  a.skippedSpecial += b.skippedSpecial
  a.skippedTooDeep += b.skippedTooDeep
  a.suppressedInline += b.suppressedInline
  for (const file of b.oversizedFiles) a.oversizedFiles.push(file)
  for (const entry of b.notScanned) a.notScanned.push(entry)
}
