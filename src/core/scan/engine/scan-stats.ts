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
