import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs'
import type { SkipReason } from './engine/types.js'

// Kept apart from the file listing (git, .gitignore parsing) so scan workers load only this.

/** The outcome of reading one file for scanning. */
export type FileRead = { bytes: Buffer } | { skipped: SkipReason; size: number }

/**
 * How a file to scan is opened: never through a symbolic link (a committed `a.txt ->
 * ~/.ssh/id_ed25519` is not read), and without blocking (a FIFO or a device opens at once
 * and is then refused as not a regular file). Windows has neither flag (0): there a link is
 * refused by the lstat check below.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)

/**
 * Reads a file for scanning, never more than `maxSize` bytes (the engine's `scanFile` tells
 * binaries, which may still hold a key container such as a `.p12`). Only regular files are
 * read: a symbolic link is `symlink`, a FIFO, socket or device `special`, both never opened
 * for reading. With `scratch` (at least `maxSize` bytes) the bytes land there and are valid
 * until the next call: one buffer per batch instead of one allocation per file.
 */
export function readForScan(absPath: string, maxSize: number, scratch?: Buffer): FileRead {
  let fd: number
  try {
    fd = openSync(absPath, OPEN_FLAGS)
  } catch (error) {
    const code = (error as { code?: string }).code
    // Deleted in the work tree but still in the index: nothing on disk to scan.
    if (code === 'ENOENT') return { skipped: 'missing', size: 0 }
    // O_NOFOLLOW on a link: ELOOP (Linux, macOS), EMLINK (FreeBSD).
    if (code === 'ELOOP' || code === 'EMLINK' || isLink(absPath)) return { skipped: 'symlink', size: 0 }
    return { skipped: 'unreadable', size: 0 }
  }
  try {
    const info = fstatSync(fd)
    if (!info.isFile()) return { skipped: 'special', size: 0 }
    if (constants.O_NOFOLLOW === undefined && isLink(absPath)) return { skipped: 'symlink', size: 0 }
    const size = info.size
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

function isLink(absPath: string): boolean {
  try {
    return lstatSync(absPath).isSymbolicLink()
  } catch {
    return false
  }
}
