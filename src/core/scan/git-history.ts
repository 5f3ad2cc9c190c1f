import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { LocalEnvError, RemoteError, UsageError } from '../../shared/errors.js'
import type { ScanCoverage, UnreadBlob } from './engine/index.js'
import {
  GitError,
  NO_LAZY_FETCH,
  SAFE_GIT,
  historyBlobs,
  historyRevisionArgs,
  runGit,
  type BlobRef,
  type HistoryRevisions,
} from './git-source.js'

/**
 * What `--history` can and cannot read in this clone: shallow boundaries (history cut by
 * `--depth`), a partial clone's promisor remote (blobs left on the server), and the blobs
 * of the walk that are not in the object store. Nothing here fetches, except the one batch
 * fetch `--fetch-missing` asks for.
 */

/** The clone's shape: shallow boundary commits, and the promisor remote of a partial clone. */
export interface CloneShape {
  shallowCommits: Set<string>
  promisorRemote?: string
}

/** Reads `.git/shallow` and the partial-clone settings (`extensions.partialClone`, `remote.*.promisor`). */
export async function cloneShape(repo: string): Promise<CloneShape> {
  const [isShallow, promisorRemote] = await Promise.all([
    runGit(repo, ['rev-parse', '--is-shallow-repository', '--git-path', 'shallow']),
    promisorOf(repo),
  ])
  const [shallow, file = ''] = isShallow.toString('utf8').trim().split('\n')
  const shallowCommits = new Set<string>()
  if (shallow === 'true')
    for (const line of (await readFile(resolve(repo, file), 'utf8')).split('\n'))
      if (/^[0-9a-f]{40,64}$/.test(line)) shallowCommits.add(line)
  return { shallowCommits, ...(promisorRemote ? { promisorRemote } : {}) }
}

async function configValues(repo: string, args: string[]): Promise<string[]> {
  try {
    return (await runGit(repo, ['config', ...args])).toString('utf8').split('\n').filter(Boolean)
  } catch (error) {
    if (error instanceof GitError) return [] // exit 1: not set
    throw error
  }
}

async function promisorOf(repo: string): Promise<string | undefined> {
  const [[extension], promisors] = await Promise.all([
    configValues(repo, ['--get', 'extensions.partialClone']),
    configValues(repo, ['--bool', '--get-regexp', '^remote\\..*\\.promisor$']),
  ])
  if (extension) return extension
  for (const line of promisors) {
    const [key = '', value] = line.split(' ')
    if (value === 'true') return key.replace(/^remote\./, '').replace(/\.promisor$/, '')
  }
  return undefined
}

/**
 * Objects of the walk absent from the object store, listed by `git rev-list --objects
 * --missing=print` (which never fetches): how a partial clone's missing blobs are found
 * before `git cat-file` would fetch them one by one. Streams, keeping only the `?` lines.
 */
export function missingObjects(repo: string, revArgs: readonly string[]): Promise<Set<string>> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      'git',
      [...SAFE_GIT, 'rev-list', '--objects', '--no-object-names', '--missing=print', ...revArgs],
      { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...NO_LAZY_FETCH } },
    )
    const missing = new Set<string>()
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('?')) missing.add(line.slice(1))
    })
    child.on('error', (error) => reject(new LocalEnvError('Cannot run git rev-list.', { cause: error })))
    child.on('close', (code) => {
      if (code === 0) return resolvePromise(missing)
      reject(new GitError(`git rev-list failed: ${stderr.split('\n')[0]?.slice(0, 300) ?? ''}`))
    })
  })
}

/** The one batch fetch gives up after this long (exit 4): every network call is bounded. */
export const FETCH_TIMEOUT_MS = 10 * 60 * 1000

/**
 * Fetches `shas` from the promisor remote in ONE `git fetch` (what git's own lazy fetch runs,
 * but for all blobs at once instead of one round trip each).
 */
export async function fetchBlobs(repo: string, remote: string, shas: readonly string[]): Promise<void> {
  if (shas.length === 0) return
  try {
    await runGit(
      repo,
      [
        '-c',
        'fetch.negotiationAlgorithm=noop',
        'fetch',
        remote,
        '--no-tags',
        '--no-write-fetch-head',
        '--recurse-submodules=no',
        '--filter=blob:none',
        '--stdin',
      ],
      { input: `${shas.join('\n')}\n`, timeoutMs: FETCH_TIMEOUT_MS },
    )
  } catch (error) {
    throw new RemoteError(`Cannot fetch ${shas.length} missing blob(s) from ${remote}.`, {
      cause: error,
      hint: `Check that the promisor remote ${remote} is reachable, or scan without --fetch-missing (the blobs are then reported as not scanned).`,
    })
  }
}

/** What the history reader will read, and what it already knows it cannot. */
export interface HistoryPlan {
  refs: BlobRef[]
  coverage: ScanCoverage
}

/**
 * Lists the history's blobs and what stands in the way of reading them: shallow boundaries
 * the walk reached, and (in a partial clone) blobs not present locally, which are fetched
 * in one batch when `fetchMissing`, and otherwise reported as not scanned.
 */
export async function planHistory(
  repo: string,
  input: HistoryRevisions & { fetchMissing?: boolean | undefined },
): Promise<HistoryPlan> {
  const revArgs = historyRevisionArgs(input)
  const [shape, listed] = await Promise.all([
    cloneShape(repo),
    historyBlobs(repo, revArgs).catch((error: unknown) => ({ error })),
  ])
  if ('error' in listed) {
    const { error } = listed
    if (!(error instanceof GitError) || shape.shallowCommits.size === 0) throw error
    throw new UsageError(error.message, {
      hint: 'This clone is shallow and may lack the revision: fetch it (`git fetch --unshallow`; in CI `fetch-depth: 0` in actions/checkout, `GIT_DEPTH: 0` in GitLab CI).',
    })
  }
  const { blobs, commits } = listed
  const coverage: ScanCoverage = {
    revisions: input.range ?? (input.since !== undefined ? `--all --not ${input.since}` : '--all'),
    truncatedAt: [...shape.shallowCommits].filter((c) => commits.has(c)).sort(),
    unreadable: [],
  }
  if (!shape.promisorRemote) return { refs: blobs, coverage }
  const remote = shape.promisorRemote
  const wanted = new Set(blobs.map((b) => b.sha))
  let missing = [...(await missingObjects(repo, revArgs))].filter((sha) => wanted.has(sha))
  coverage.partialClone = { remote, fetched: 0 }
  if (input.fetchMissing && missing.length > 0) {
    await fetchBlobs(repo, remote, missing)
    const still = await missingObjects(repo, revArgs)
    coverage.partialClone.fetched = missing.filter((sha) => !still.has(sha)).length
    missing = missing.filter((sha) => still.has(sha))
  }
  const absent = new Set(missing)
  const unreadable: UnreadBlob[] = []
  const refs: BlobRef[] = []
  for (const ref of blobs) {
    if (!absent.has(ref.sha)) refs.push(ref)
    else
      unreadable.push({
        path: ref.path,
        blob: ref.sha,
        ...(ref.commit ? { commit: ref.commit.sha } : {}),
        reason: 'not-fetched',
      })
  }
  coverage.unreadable = unreadable
  return { refs, coverage }
}
