import { join } from 'node:path'
import { looksBinary } from '../engine/binary-content.js'
import type { Finding } from '../engine/types.js'
import { readForScan } from '../file-read.js'
import type { KnownValueIndex } from './value-index.js'

/**
 * The known-value pass over a tree's files (in the main thread, after the rule scan: the index
 * and its key stay in this thread). Reads each file again, within the scan's size limit, and
 * skips binaries as the rule scan does.
 */
export function knownValuesInTree(
  root: string,
  paths: readonly string[],
  index: KnownValueIndex,
  maxFileSize: number,
): Finding[] {
  const out: Finding[] = []
  const scratch = Buffer.allocUnsafe(Math.min(maxFileSize, 8 * 1024 * 1024))
  for (const path of paths) {
    const read = readForScan(path === '' ? root : join(root, path), maxFileSize, scratch)
    if ('skipped' in read || looksBinary(read.bytes)) continue
    out.push(...index.findIn(read.bytes, path))
  }
  return out
}
