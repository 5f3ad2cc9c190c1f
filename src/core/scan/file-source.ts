import { readdirSync, readFileSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type Ignore from 'ignore'
import type { NotScanned } from './engine/scan-stats.js'
import { ignoreRules } from '../../shared/lazy-modules.js'
import { gitIgnores, gitListFiles, gitTopLevel, outsideGit } from './git-source.js'

/**
 * Files under `root` to scan, relative (posix): git's view inside a repo, else a walk.
 * `onFiles` receives them in chunks as they are found (discovery order), so scanning can
 * start while a large tree is still being walked; the result is the whole sorted list.
 * The walk hands what it will not read to `onSkipped`: symbolic links (never followed),
 * entries that are not regular files (FIFOs, sockets, devices) and files below the depth
 * limit. Inside git the reader refuses the same (links and special files git lists).
 */
export async function listFiles(
  root: string,
  onFiles?: (paths: string[]) => void,
  onSkipped: (entry: NotScanned) => void = () => undefined,
): Promise<string[]> {
  const info = await stat(root)
  if (info.isFile()) {
    onFiles?.([''])
    return ['']
  }
  // Inside git, git decides (tracked + untracked, .gitignore honoured) — unless the user
  // named a directory git ignores as a whole: then they asked for it, so walk it. Both
  // questions go to git at once (check-ignore outside a repository just answers "no"); with
  // no `.git` anywhere above, git is not asked at all.
  if (!outsideGit(root)) {
    const [top, ignored] = await Promise.all([gitTopLevel(root), gitIgnores(root)])
    if (top && !ignored) {
      const files = await gitListFiles(root)
      onFiles?.(files)
      return files.sort()
    }
  }
  const sink: FileSink = { files: [], emitted: 0, onSkipped, ...(onFiles ? { onFiles } : {}) }
  walk(root, '', [], sink, 0)
  flush(sink, 1)
  return sink.files.sort()
}

/** Files found so far by a walk, and how many were already handed to `onFiles`. */
interface FileSink {
  files: string[]
  emitted: number
  onFiles?: (paths: string[]) => void
  onSkipped: (entry: NotScanned) => void
}

/** Hands the files found since the last call to `onFiles` once there are at least `min`. */
function flush(sink: FileSink, min: number): void {
  if (!sink.onFiles || sink.files.length - sink.emitted < min) return
  sink.onFiles(sink.files.slice(sink.emitted))
  sink.emitted = sink.files.length
}

/** Walk chunk size handed to `onFiles`. */
const CHUNK = 64

type IgnoreRules = { base: string; ig: ReturnType<typeof Ignore> }[]

/** Directories deeper than this are still walked, but their files are reported as not scanned. */
export const WALK_DEPTH_LIMIT = 64

/**
 * Walks a directory outside git, honouring every .gitignore on the way down. Synchronous on
 * purpose: thousands of small directory reads cost more as promises than as system calls.
 * Links are never followed (the walk cannot loop), so it needs no depth bound to end; below
 * WALK_DEPTH_LIMIT files are counted and named as not scanned instead of read.
 */
function walk(root: string, dir: string, rules: IgnoreRules, sink: FileSink, depth: number): void {
  const abs = join(root, dir)
  let entries
  try {
    entries = readdirSync(abs, { withFileTypes: true })
  } catch {
    return
  }
  let local = rules
  if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
    local = [...rules, { base: dir, ig: ignoreRules()().add(readFileSync(join(abs, '.gitignore'), 'utf8')) }]
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
    if (isDir) walk(root, rel, local, sink, depth + 1)
    else if (entry.isSymbolicLink()) sink.onSkipped({ path: rel, reason: 'symlink' })
    else if (!entry.isFile()) sink.onSkipped({ path: rel, reason: 'special' })
    else if (depth > WALK_DEPTH_LIMIT) sink.onSkipped({ path: rel, reason: 'too-deep' })
    else sink.files.push(rel)
  }
  flush(sink, CHUNK)
}

/** `path` relative to `from`, with forward slashes (for output and globs). */
export function toPosixRelative(from: string, path: string): string {
  return relative(from, path).split(sep).join('/')
}
