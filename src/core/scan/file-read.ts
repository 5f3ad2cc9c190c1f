import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import type { SkipReason } from './engine/types.js'

// Kept apart from the file listing (git, .gitignore parsing) so scan workers load only this.

/** The outcome of reading one file for scanning. */
export type FileRead = { bytes: Buffer } | { skipped: SkipReason; size: number }

/**
 * Reads a file for scanning, never more than `maxSize` bytes (the engine's `scanFile` tells
 * binaries, which may still hold a key container such as a `.p12`). With
 * `scratch` (at least `maxSize` bytes) the bytes land there and are valid until the next
 * call: one buffer per batch instead of one allocation per file.
 */
export function readForScan(absPath: string, maxSize: number, scratch?: Buffer): FileRead {
  let fd: number
  try {
    fd = openSync(absPath, 'r')
  } catch (error) {
    // Deleted in the work tree but still in the index: nothing on disk to scan.
    return { skipped: (error as { code?: string }).code === 'ENOENT' ? 'missing' : 'unreadable', size: 0 }
  }
  try {
    const size = fstatSync(fd).size
    if (size > maxSize) return { skipped: 'oversized', size }
    const bytes = scratch && scratch.length >= size ? scratch : Buffer.allocUnsafe(size)
    let read = 0
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read)
      if (n === 0) break
      read += n
    }
    return { bytes: bytes.subarray(0, read) }
  } catch {
    return { skipped: 'unreadable', size: 0 }
  } finally {
    closeSync(fd)
  }
}
