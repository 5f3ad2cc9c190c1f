import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import ignore from 'ignore'
import { gitIgnores, gitListFiles, gitTopLevel } from './git-source.js'
import type { SkipReason } from './types.js'

/** Files under `root` to scan, relative (posix): git's view inside a repo, else a walk. */
export async function listFiles(root: string): Promise<string[]> {
  const info = await stat(root)
  if (info.isFile()) return ['']
  // Inside git, git decides (tracked + untracked, .gitignore honoured) — unless the user
  // named a directory git ignores as a whole: then they asked for it, so walk it.
  if ((await gitTopLevel(root)) && !(await gitIgnores(root))) return (await gitListFiles(root)).sort()
  const files: string[] = []
  walk(root, '', [], files, 0)
  return files.sort()
}

type IgnoreRules = { base: string; ig: ReturnType<typeof ignore> }[]

/**
 * Walks a directory outside git, honouring every .gitignore on the way down. Synchronous on
 * purpose: thousands of small directory reads cost more as promises than as system calls.
 */
function walk(root: string, dir: string, rules: IgnoreRules, out: string[], depth: number): void {
  if (depth > 64) return
  const abs = join(root, dir)
  let entries
  try {
    entries = readdirSync(abs, { withFileTypes: true })
  } catch {
    return
  }
  let local = rules
  if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
    local = [...rules, { base: dir, ig: ignore().add(readFileSync(join(abs, '.gitignore'), 'utf8')) }]
  }
  for (const entry of entries) {
    if (entry.name === '.git') continue
    const rel = dir ? `${dir}/${entry.name}` : entry.name
    const isDir = entry.isDirectory()
    if (local.length > 0) {
      const ignored = local.some(({ base, ig }) => {
        const sub = base ? rel.slice(base.length + 1) : rel
        return ig.ignores(isDir ? `${sub}/` : sub)
      })
      if (ignored) continue
    }
    if (isDir) walk(root, rel, local, out, depth + 1)
    else if (entry.isFile()) out.push(rel)
  }
}

/** The outcome of reading one file for scanning. */
export type FileRead = { bytes: Buffer } | { skipped: SkipReason; size: number }

/** True when the first 8000 bytes hold a NUL, git's own test for binary content. */
export function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).indexOf(0) !== -1
}

/**
 * Reads a file for scanning, never more than `maxSize` bytes; binaries are skipped. With
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
    const content = bytes.subarray(0, read)
    if (looksBinary(content)) return { skipped: 'binary', size }
    return { bytes: content }
  } catch {
    return { skipped: 'unreadable', size: 0 }
  } finally {
    closeSync(fd)
  }
}

/** `path` relative to `from`, with forward slashes (for output and globs). */
export function toPosixRelative(from: string, path: string): string {
  return relative(from, path).split(sep).join('/')
}
