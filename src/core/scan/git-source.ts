import { spawn } from 'node:child_process'
import { readFileSync, realpathSync, statSync, type Stats } from 'node:fs'
import { inflateSync } from 'node:zlib'
import { digestHex } from '../../shared/js-digest.js'
import { dirname, join } from 'node:path'
import { LocalEnvError, UsageError } from '../../shared/errors.js'

/**
 * The environment of every git process that reads history or blobs: a partial clone must
 * never fetch missing objects one at a time behind our back. `GIT_NO_LAZY_FETCH` (git 2.44,
 * backported to 2.39.4+) turns lazy fetches off; on older gits an empty `GIT_ALLOW_PROTOCOL`
 * makes them fail without touching the network.
 */
export const NO_LAZY_FETCH: Readonly<Record<string, string>> = {
  GIT_NO_LAZY_FETCH: '1',
  GIT_ALLOW_PROTOCOL: '',
}

/**
 * Options in front of every git command the scanner runs: a hostile `.git/config` (a
 * downloaded repository, a shared directory) must not make a read run its programs.
 * `core.fsmonitor` is run by `ls-files` and `diff --cached` to refresh the index; external
 * diff drivers and textconv filters only run for patches, which no scan asks for, and are
 * switched off anyway (`--no-ext-diff --no-textconv` on diff and log). A pager never runs
 * (stdout is a pipe). See docs/security.md, "The scanner's input".
 */
export const SAFE_GIT = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'diff.external=',
  '-c',
  'core.pager=cat',
] as const

/** Runs git (with SAFE_GIT) and returns stdout as a Buffer; errors carry git's first stderr line. */
export function runGit(
  cwd: string,
  args: readonly string[],
  options: { env?: Readonly<Record<string, string>>; input?: string; timeoutMs?: number } = {},
): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', [...SAFE_GIT, ...args], {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
      ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => out.push(c))
    child.stderr.on('data', (c: Buffer) => err.push(c))
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.input ?? '')
    child.on('error', (error) =>
      reject(
        new LocalEnvError('Cannot run git.', {
          cause: error,
          hint: 'Install git and make sure it is on PATH.',
        }),
      ),
    )
    child.on('close', (code, signal) => {
      if (code === 0) return resolvePromise(Buffer.concat(out))
      if (signal && options.timeoutMs)
        return reject(new GitError(`git ${args[0] ?? ''} timed out after ${options.timeoutMs / 1000} s`))
      const lines = Buffer.concat(err).toString('utf8').split('\n')
      const message = lines.find((l) => l.startsWith('fatal:') || l.startsWith('error:')) ?? lines[0] ?? ''
      reject(new GitError(`git ${args[0] ?? ''} failed: ${message.slice(0, 300)}`))
    })
  })
}

/** A git command failed (not a repository, unknown revision...). */
export class GitError extends UsageError {
  constructor(message: string) {
    super(message, { hint: 'Run inside a git repository, and check the revision you passed.' })
  }
}

/** The top directory of the work tree holding `cwd`, or undefined outside git. */
export async function gitTopLevel(cwd: string): Promise<string | undefined> {
  try {
    return (await runGit(cwd, ['rev-parse', '--show-toplevel'])).toString('utf8').trim()
  } catch (error) {
    if (error instanceof GitError) return undefined
    throw error
  }
}

/** Variables that move the repository or the work tree away from where the directories say. */
const GIT_LOCATION_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
]

type GitEnv = Readonly<Record<string, string | undefined>>

/**
 * What the file system says about the repository holding `dir`, without a git process:
 * `none` (no `.git` in it or any directory above, and no git location variable set: git would
 * answer "not a git repository"), the nearest directory with a `.git` entry (and its stat),
 * or `ask-git` whenever git could answer otherwise (a location variable, an unreadable path).
 */
function dotGitAbove(
  dir: string,
  env: GitEnv,
): { kind: 'none' } | { kind: 'found'; top: string; dotGit: Stats } | { kind: 'ask-git' } {
  if (GIT_LOCATION_ENV.some((name) => env[name] !== undefined)) return { kind: 'ask-git' }
  try {
    for (let current = realpathSync(dir); ; current = dirname(current)) {
      const dotGit = statSync(join(current, '.git'), { throwIfNoEntry: false })
      if (dotGit) return { kind: 'found', top: current, dotGit }
      if (dirname(current) === current) return { kind: 'none' }
    }
  } catch {
    return { kind: 'ask-git' }
  }
}

/**
 * True when no git repository can hold `dir` (see dotGitAbove): the tree scan then walks the
 * directory without asking git — two process starts saved (≈ 30 ms on a small VM) for every
 * scan outside git.
 */
export function outsideGit(dir: string, env: GitEnv = process.env): boolean {
  return dotGitAbove(dir, env).kind === 'none'
}

/**
 * The top of the work tree holding `dir` when the file system alone settles it: the nearest
 * directory above with a `.git` directory (HEAD and a config without `worktree`, `bare` or
 * `include` settings), and no git location variable set. Undefined whenever git could answer
 * otherwise (a linked worktree or submodule's `.git` file, GIT_DIR in a hook, core.worktree):
 * then ask git (gitTopLevel). Process start-up is the pre-commit hook's main cost (about
 * 10 ms per process on a small VM), so this saves it one of its three.
 */
export function plainTopLevel(dir: string, env: GitEnv = process.env): string | undefined {
  const found = dotGitAbove(dir, env)
  if (found.kind !== 'found' || !found.dotGit.isDirectory()) return undefined
  const dotGit = join(found.top, '.git')
  try {
    if (!statSync(join(dotGit, 'HEAD'), { throwIfNoEntry: false })) return undefined
    const config = readFileSync(join(dotGit, 'config'), 'utf8')
    return /worktree|include|bare\s*=\s*true/i.test(config) ? undefined : found.top
  } catch {
    return undefined
  }
}

/** True when git ignores the directory `dir` itself (e.g. a build or scratch folder). */
export async function gitIgnores(dir: string): Promise<boolean> {
  try {
    await runGit(dir, ['check-ignore', '-q', '.'])
    return true
  } catch (error) {
    if (error instanceof GitError) return false
    throw error
  }
}

/** Files git would commit or consider (tracked + untracked not ignored), relative to `dir`. */
export async function gitListFiles(dir: string): Promise<string[]> {
  const out = await runGit(dir, [
    'ls-files',
    '-z',
    '--cached',
    '--others',
    '--exclude-standard',
    '--deduplicate',
  ])
  return out.toString('utf8').split('\0').filter(Boolean)
}

/** A blob to scan, with where it lives. */
export interface BlobRef {
  sha: string
  path: string
  commit?: { sha: string; author: string; date: string }
}

/** Blobs of the index that differ from HEAD: exactly what the next commit adds. */
export async function stagedBlobs(repo: string): Promise<BlobRef[]> {
  const out = await runGit(repo, [
    'diff',
    '--cached',
    '--raw',
    '-z',
    // Paths from the top of the work tree wherever git runs (diff.relative could say otherwise).
    '--no-relative',
    '--no-renames',
    '--no-abbrev',
    '--diff-filter=ACMT',
    '--no-ext-diff',
    '--no-textconv',
  ])
  const tokens = out.toString('utf8').split('\0')
  const blobs: BlobRef[] = []
  for (let i = 0; i < tokens.length - 1; i += 2) {
    const meta = (tokens[i] ?? '').split(' ')
    const path = tokens[i + 1] ?? ''
    if (meta[1] === '160000' || meta[1] === '120000') continue // submodules, symlinks
    const sha = meta[3]
    if (sha && path) blobs.push({ sha, path })
  }
  return blobs
}

/** Which commits a history scan walks. */
export interface HistoryRevisions {
  /** Only commits not reachable from this revision (with every ref). */
  since?: string | undefined
  /** `BASE..HEAD`: only the commits a pull request adds (no `--all`). */
  range?: string | undefined
}

/** The `git log`/`git rev-list` revision arguments for a history scan; UsageError for a malformed one. */
export function historyRevisionArgs(revisions: HistoryRevisions): string[] {
  const notOption = (flag: string, rev: string) => {
    if (rev === '' || rev.startsWith('-')) throw new UsageError(`--${flag} ${rev} is not a revision.`)
    return rev
  }
  if (revisions.range !== undefined) {
    const parts = revisions.range.split('..')
    if (parts.length !== 2 || parts[1]?.startsWith('.'))
      throw new UsageError(`--range ${revisions.range} is not BASE..HEAD.`, {
        hint: 'Pass two revisions joined by two dots, e.g. --range origin/main..HEAD.',
      })
    const base = notOption('range', parts[0] ?? '')
    const head = notOption('range', parts[1] || 'HEAD')
    return [head, '--not', base, '--']
  }
  if (revisions.since !== undefined) return ['--all', '--not', notOption('since', revisions.since), '--']
  return ['--all', '--']
}

/**
 * Every blob introduced by a commit of `revArgs` (see historyRevisionArgs), once each,
 * attributed to the oldest commit that introduced it, and every commit walked.
 */
export async function historyBlobs(
  repo: string,
  revArgs: readonly string[],
): Promise<{ blobs: BlobRef[]; commits: Set<string> }> {
  const args = [
    'log',
    '-m',
    '--raw',
    '--no-renames',
    '--no-abbrev',
    '-z',
    '--no-ext-diff',
    '--no-textconv',
    '--format=%x01%H%x02%an <%ae>%x02%aI',
  ]
  const tokens = (await runGit(repo, [...args, ...revArgs], { env: NO_LAZY_FETCH }))
    .toString('utf8')
    .split('\0')
  const blobs = new Map<string, BlobRef & { age: number }>()
  const commits = new Set<string>()
  let commit: BlobRef['commit']
  let age = 0
  for (let i = 0; i < tokens.length; i++) {
    const token = (tokens[i] ?? '').replace(/^\n/, '')
    if (token.startsWith('\x01')) {
      const [sha = '', author = '', date = ''] = token.slice(1).split('\x02')
      commit = { sha, author, date }
      commits.add(sha)
      age++
    } else if (token.startsWith(':')) {
      const path = tokens[++i] ?? ''
      const meta = token.split(' ')
      const status = meta[4] ?? ''
      const sha = meta[3] ?? ''
      if (status.startsWith('D') || meta[1] === '160000' || meta[1] === '120000' || /^0+$/.test(sha)) continue
      // git log lists newest first: the last sighting is the oldest introduction.
      blobs.set(sha, { sha, path, age, ...(commit ? { commit } : {}) })
    }
  }
  // Oldest introduction first, so the first finding of a secret is where it leaked.
  const ordered = [...blobs.values()].sort((a, b) => b.age - a.age).map(({ age: _age, ...ref }) => ref)
  return { blobs: ordered, commits }
}

/** What `readBlobs` reports for each blob. */
export type BlobContent = { ref: BlobRef; size: number; bytes: Buffer | undefined }

/**
 * A blob read straight from `gitDir`'s object store when it is a loose object (what `git add`
 * has just written): the pre-commit hook's few staged files need no `git cat-file` process.
 * Undefined when the object is not loose (packed, in an alternate object store), larger than
 * `maxSize`, or does not check out (type, size, hash): `readBlobs` reads it then. The bytes
 * are exactly what cat-file would give: the object's hash is verified.
 */
export function readLooseBlob(gitDir: string, ref: BlobRef, maxSize: number): BlobContent | undefined {
  if (!/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(ref.sha)) return undefined
  try {
    const file = readFileSync(join(gitDir, 'objects', ref.sha.slice(0, 2), ref.sha.slice(2)))
    const object = inflateSync(file, { maxOutputLength: maxSize + 32 })
    const nul = object.indexOf(0)
    const header = object.toString('latin1', 0, nul).split(' ')
    const bytes = object.subarray(nul + 1)
    if (nul === -1 || header[0] !== 'blob' || Number(header[1]) !== bytes.length) return undefined
    return digestHex(ref.sha.length === 64 ? 'sha256' : 'sha1', object) === ref.sha
      ? { ref, size: bytes.length, bytes }
      : undefined
  } catch {
    return undefined
  }
}

/**
 * Streams blob contents through ONE `git cat-file --batch` process (no process per blob).
 * Blobs over `maxSize` are consumed but not buffered (`bytes` undefined); blobs the object
 * store lacks go to `onMissing`. With `sizesFirst` (a history: many blobs, some of them
 * large), one `git cat-file --batch-check` first asks every blob's size, which git reads from
 * the object headers: blobs over `maxSize` and missing ones are reported from that, and only
 * the rest is inflated and piped (a history with a few big binaries no longer streams them).
 */
export async function readBlobs(
  repo: string,
  refs: readonly BlobRef[],
  maxSize: number,
  onBlob: (blob: BlobContent) => void,
  onMissing: (ref: BlobRef) => void = () => undefined,
  options: { sizesFirst?: boolean } = {},
): Promise<void> {
  if (!options.sizesFirst || refs.length === 0) return streamBlobs(repo, refs, maxSize, onBlob, onMissing)
  const out = await runGit(repo, ['cat-file', '--batch-check'], {
    env: NO_LAZY_FETCH,
    input: `${refs.map((r) => r.sha).join('\n')}\n`,
  })
  const lines = out.toString('utf8').split('\n')
  const wanted: BlobRef[] = []
  refs.forEach((ref, i) => {
    // One line per request, in order: `<sha> <type> <size>` or `<sha> missing`.
    const [, type, size] = (lines[i] ?? '').split(' ')
    if (type === 'missing' || size === undefined) onMissing(ref)
    else if (Number(size) > maxSize) onBlob({ ref, size: Number(size), bytes: undefined })
    else wanted.push(ref)
  })
  return streamBlobs(repo, wanted, maxSize, onBlob, onMissing)
}

function streamBlobs(
  repo: string,
  refs: readonly BlobRef[],
  maxSize: number,
  onBlob: (blob: BlobContent) => void,
  onMissing: (ref: BlobRef) => void,
): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    if (refs.length === 0) return resolvePromise()
    const child = spawn('git', [...SAFE_GIT, 'cat-file', '--batch'], {
      cwd: repo,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...NO_LAZY_FETCH },
    })
    let index = 0
    let pending: Buffer = Buffer.alloc(0)
    let size = -1
    let parts: Buffer[] | undefined
    let remaining = 0
    let failed = false
    child.on('error', (error) => {
      failed = true
      reject(new LocalEnvError('Cannot run git cat-file.', { cause: error }))
    })
    child.stdout.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
      try {
        for (;;) {
          if (size < 0) {
            const nl = pending.indexOf(10)
            if (nl === -1) return
            const header = pending.toString('utf8', 0, nl).split(' ')
            pending = pending.subarray(nl + 1)
            const ref = refs[index]
            if (!ref || header[1] === 'missing') {
              // Never silent: the caller counts and names it.
              if (ref) onMissing(ref)
              index++
              continue
            }
            size = Number(header[2])
            remaining = size + 1 // content and its trailing LF
            parts = size <= maxSize ? [] : undefined
          }
          const take = Math.min(remaining, pending.length)
          if (take === 0) return
          if (parts) parts.push(pending.subarray(0, take))
          pending = pending.subarray(take)
          remaining -= take
          if (remaining > 0) return
          const ref = refs[index++] as BlobRef
          // A blob inside one pipe chunk (most of them) is a view of it, not a copy.
          const bytes = parts
            ? (parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)).subarray(0, size)
            : undefined
          onBlob({ ref, size, bytes })
          size = -1
        }
      } catch (error) {
        failed = true
        child.kill()
        reject(error)
      }
    })
    child.on('close', (code) => {
      if (failed) return
      if (code !== 0) return reject(new GitError('git cat-file failed'))
      resolvePromise()
    })
    child.stdin.on('error', () => undefined)
    child.stdin.end(`${refs.map((r) => r.sha).join('\n')}\n`)
  })
}
