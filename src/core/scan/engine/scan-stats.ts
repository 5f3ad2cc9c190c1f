/** A file (or blob) skipped for its size: named in --verbose, JSON and SARIF output. */
export interface OversizedFile {
  /** Relative to the scan root, like a finding's path. */
  path: string
  /** Its size in bytes (over the `maxFileSize` limit). */
  size: number
}

/** Counts for a batch of files; summed across batches and workers. */
export interface BatchStats {
  files: number
  bytes: number
  skippedBinary: number
  skippedOversized: number
  skippedUnreadable: number
  /** The oversized files themselves (their count is `skippedOversized`). */
  oversizedFiles: OversizedFile[]
}

/** Zeroed counts to add batches into. */
export function emptyBatchStats(): BatchStats {
  return {
    files: 0,
    bytes: 0,
    skippedBinary: 0,
    skippedOversized: 0,
    skippedUnreadable: 0,
    oversizedFiles: [],
  }
}

/** Adds `b` into `a`. */
export function addBatchStats(a: BatchStats, b: BatchStats): void {
  a.files += b.files
  a.bytes += b.bytes
  a.skippedBinary += b.skippedBinary
  a.skippedOversized += b.skippedOversized
  a.skippedUnreadable += b.skippedUnreadable
  for (const file of b.oversizedFiles) a.oversizedFiles.push(file)
}
