import { spawn } from 'node:child_process'
import { LocalEnvError, UsageError } from '../../shared/errors.js'

/** Runs git and returns stdout as a Buffer; errors carry git's first stderr line. */
export function runGit(cwd: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => out.push(c))
    child.stderr.on('data', (c: Buffer) => err.push(c))
    child.on('error', (error) =>
      reject(
        new LocalEnvError('Cannot run git.', {
          cause: error,
          hint: 'Install git and make sure it is on PATH.',
        }),
      ),
    )
    child.on('close', (code) => {
      if (code === 0) return resolvePromise(Buffer.concat(out))
      const message = Buffer.concat(err).toString('utf8').split('\n')[0] ?? ''
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

/**
 * Every blob introduced by a commit reachable from any ref (or only from commits after
 * `since`), once each, attributed to the oldest commit that introduced it.
 */
export async function historyBlobs(repo: string, since?: string): Promise<BlobRef[]> {
  const args = [
    'log',
    '--all',
    '-m',
    '--raw',
    '--no-renames',
    '--no-abbrev',
    '-z',
    '--format=%x01%H%x02%an <%ae>%x02%aI',
  ]
  if (since) {
    if (since.startsWith('-')) throw new UsageError(`--since ${since} is not a revision.`)
    args.push('--not', since, '--')
  }
  const tokens = (await runGit(repo, args)).toString('utf8').split('\0')
  const blobs = new Map<string, BlobRef & { age: number }>()
  let commit: BlobRef['commit']
  let age = 0
  for (let i = 0; i < tokens.length; i++) {
    const token = (tokens[i] ?? '').replace(/^\n/, '')
    if (token.startsWith('\x01')) {
      const [sha = '', author = '', date = ''] = token.slice(1).split('\x02')
      commit = { sha, author, date }
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
  return [...blobs.values()].sort((a, b) => b.age - a.age).map(({ age: _age, ...ref }) => ref)
}

/** What `readBlobs` reports for each blob. */
export type BlobContent = { ref: BlobRef; size: number; bytes: Buffer | undefined }

/**
 * Streams blob contents through ONE `git cat-file --batch` process (no process per blob).
 * Blobs over `maxSize` are consumed but not buffered (`bytes` undefined).
 */
export function readBlobs(
  repo: string,
  refs: readonly BlobRef[],
  maxSize: number,
  onBlob: (blob: BlobContent) => void,
): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    if (refs.length === 0) return resolvePromise()
    const child = spawn('git', ['cat-file', '--batch'], { cwd: repo, stdio: ['pipe', 'pipe', 'pipe'] })
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
          const bytes = parts ? Buffer.concat(parts).subarray(0, size) : undefined
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
