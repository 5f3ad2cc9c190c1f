import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../../shared/atomic-file.js'
import { LocalEnvError, UsageError, systemErrorCode } from '../../shared/errors.js'
import { parseJsonOrUndefined } from '../../shared/json.js'
import type { StoreKind } from '../store/index.js'

/** `secrets.lock.json`: committed beside `.secretsrc.json`, reviewed in diffs. */
export const LOCKFILE = 'secrets.lock.json'

/** One parameter a project injects, at the version it is locked to. Never a value or a hash. */
export interface LockEntry {
  store: StoreKind
  name: string
  version: number
  lastModified: string
}

/** The lockfile beside the project config, else in the working directory. */
export function lockfilePath(configDir: string | undefined, cwd: string): string {
  return join(configDir ?? cwd, LOCKFILE)
}

/** Sorted by store, then name: one stable order for the file and for diffs. */
export function sortEntries(entries: LockEntry[]): LockEntry[] {
  const key = (e: LockEntry) => `${e.store}\u0000${e.name}`
  const unique = new Map(entries.map((e) => [key(e), e]))
  return [...unique.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

/** The file's text: sorted entries, fixed key order, two-space JSON, one trailing newline. */
export function formatLockfile(entries: LockEntry[]): string {
  const parameters = sortEntries(entries).map((e) => ({
    store: e.store,
    name: e.name,
    version: e.version,
    lastModified: e.lastModified,
  }))
  return `${JSON.stringify({ lockfileVersion: 1, parameters }, null, 2)}\n`
}

/** Parses the lockfile's text; a malformed file is a usage error naming it. */
export function parseLockfile(text: string, file: string): LockEntry[] {
  const data = parseJsonOrUndefined(text) as { lockfileVersion?: unknown; parameters?: unknown } | undefined
  const bad = (why: string) =>
    new UsageError(`${file} is not a valid lockfile: ${why}.`, {
      hint: 'Regenerate it with `secrets pin`.',
      code: 'LockfileInvalid',
    })
  if (!data || typeof data !== 'object') throw bad('not a JSON object')
  if (data.lockfileVersion !== 1) throw bad('unknown lockfileVersion')
  if (!Array.isArray(data.parameters)) throw bad('"parameters" must be an array')
  return data.parameters.map((p: unknown, i) => {
    const e = p as Partial<LockEntry>
    if (
      (e?.store !== 'ssm' && e?.store !== 'local') ||
      typeof e.name !== 'string' ||
      !Number.isSafeInteger(e.version) ||
      typeof e.lastModified !== 'string'
    )
      throw bad(`parameters[${i}] needs store, name, version and lastModified`)
    return { store: e.store, name: e.name, version: e.version as number, lastModified: e.lastModified }
  })
}

/** The lockfile's entries; undefined when there is no lockfile. */
export async function readLockfile(file: string): Promise<LockEntry[] | undefined> {
  let text: string
  try {
    text = readFileSync(file, 'utf8') // synchronous: see readAwsFile in shared/aws-config-file.ts
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') return undefined
    throw new LocalEnvError(`Cannot read ${file}: ${systemErrorCode(error) ?? 'error'}.`, { cause: error })
  }
  return parseLockfile(text, file)
}

/** Writes the lockfile atomically (mode 0644: it is committed and holds no secret). */
export async function writeLockfile(file: string, entries: LockEntry[]): Promise<void> {
  await writeFileAtomic(file, formatLockfile(entries), { mode: 0o644 })
}

/** How one parameter differs between the lock and the store. */
export interface LockDifference {
  store: StoreKind
  name: string
  kind: 'added' | 'removed' | 'newer' | 'older'
  locked?: number
  current?: number
}

/** The differences, in the lockfile's order: added (not locked), removed (not injected), moved. */
export function diffLock(locked: LockEntry[], current: LockEntry[]): LockDifference[] {
  const key = (e: { store: string; name: string }) => `${e.store}\u0000${e.name}`
  const before = new Map(locked.map((e) => [key(e), e]))
  const after = new Map(current.map((e) => [key(e), e]))
  const out: LockDifference[] = []
  for (const e of sortEntries([...locked, ...current])) {
    const was = before.get(key(e))
    const is = after.get(key(e))
    if (was && !is) out.push({ store: e.store, name: e.name, kind: 'removed', locked: was.version })
    else if (!was && is) out.push({ store: e.store, name: e.name, kind: 'added', current: is.version })
    else if (was && is && was.version !== is.version)
      out.push({
        store: e.store,
        name: e.name,
        kind: is.version > was.version ? 'newer' : 'older',
        locked: was.version,
        current: is.version,
      })
  }
  return out
}

/** `ssm:/app/db/password 3→4`, `ssm:/app/new (not locked, version 1)`, `… (locked 2, gone)`. */
export function describeDifference(d: LockDifference): string {
  return differenceCells(d).join(' ')
}

/** The same as two cells, `[store:name, change]`, for `pin --check`'s columns. */
export function differenceCells(d: LockDifference): [string, string] {
  const name = `${d.store}:${d.name}`
  switch (d.kind) {
    case 'added':
      return [name, `(not in the lock; version ${d.current})`]
    case 'removed':
      return [name, `(locked version ${d.locked}; no longer injected)`]
    default:
      return [name, `${d.locked}→${d.current}`]
  }
}
