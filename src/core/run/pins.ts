import { UsageError } from '../../shared/errors.js'
import type { HumanOutput } from '../../shared/human-output.js'
import { isUnderPrefix, type Parameter, type StoreKind } from '../store/index.js'
import type { StoreReference } from './env-file.js'
import {
  describeDifference,
  diffLock,
  LOCKFILE,
  lockfilePath,
  readLockfile,
  type LockEntry,
} from './lockfile.js'

/**
 * What a lockfile does to one `secrets run`: `notice` (the default when one exists) says on
 * one stderr line which parameters moved on; `frozen` refuses to start on any difference;
 * `locked` injects exactly the locked versions.
 */
export type LockMode = 'notice' | 'frozen' | 'locked'

export interface RunLock {
  file: string
  entries: LockEntry[]
  mode: LockMode
}

/** A lock entry for a parameter read from a store. */
export function lockEntry(store: StoreKind, p: Parameter): LockEntry {
  return { store, name: p.path, version: p.version, lastModified: p.lastModified.toISOString() }
}

/** The locked entries of `store` under `prefix`: what `--locked` reads for that `--path`. */
export function lockedUnder(lock: RunLock, store: StoreKind, prefix: string): LockEntry[] {
  return lock.entries.filter((e) => e.store === store && isUnderPrefix(e.name, prefix))
}

/** Under `--locked`, a reference reads its locked version (when the lock has it). */
export function lockedReference(ref: StoreReference, lock: RunLock | undefined): StoreReference {
  if (lock?.mode !== 'locked') return ref
  const entry = lock.entries.find((e) => e.store === ref.store && e.name === ref.path)
  return entry
    ? { store: ref.store, path: ref.path, selector: { kind: 'version', version: entry.version } }
    : ref
}

/**
 * Compares what this run injects with the lock. `notice`: one stderr line when anything
 * moved on. `frozen`: a refusal (exit 125 from `run`) naming each parameter and both
 * versions. (`locked` reads the locked versions themselves: nothing to compare.)
 */
export function checkLock(lock: RunLock, current: LockEntry[], out: HumanOutput): void {
  const differences = diffLock(lock.entries, current)
  if (differences.length === 0) return
  const list = differences.map(describeDifference).join(', ')
  if (lock.mode === 'frozen') {
    throw new UsageError(`--frozen: the store differs from ${lock.file}: ${list}.`, {
      hint: 'Review the change, then run `secrets pin` and commit the lockfile (or drop --frozen).',
      code: 'LockMismatch',
    })
  }
  out.warn(`moved on since ${LOCKFILE}: ${list} (\`secrets pin\` to update it).`)
}

/**
 * The lock of one run: the lockfile beside the project config (else in the cwd) and the
 * mode (`--locked`, `--frozen` or `"frozen": true`, else notice). `--frozen`/`--locked`
 * without a lockfile is an error; without either, no lockfile means no lock.
 */
export async function loadRunLock(input: {
  configDir: string | undefined
  cwd: string
  frozen: boolean
  locked: boolean
}): Promise<RunLock | undefined> {
  const file = lockfilePath(input.configDir, input.cwd)
  const entries = await readLockfile(file)
  const mode: LockMode = input.locked ? 'locked' : input.frozen ? 'frozen' : 'notice'
  if (!entries) {
    if (mode === 'notice') return undefined
    throw new UsageError(`${mode === 'locked' ? '--locked' : '--frozen'} needs ${file}, and there is none.`, {
      hint: 'Create it with `secrets pin` and commit it.',
      code: 'LockfileMissing',
    })
  }
  return { file, entries, mode }
}
