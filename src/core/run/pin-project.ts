import { formatColumns } from '../../shared/table.js'
import type { EffectiveSettings } from '../config/index.js'
import type { ParameterStore, StoreKind } from '../store/index.js'
import { readEnvFiles, resolveEnvFileEntries, storeResolver } from './env-file.js'
import {
  differenceCells,
  diffLock,
  formatLockfile,
  lockfilePath,
  readLockfile,
  sortEntries,
  writeLockfile,
  type LockDifference,
  type LockEntry,
} from './lockfile.js'
import { lockEntry } from './pins.js'

/**
 * Every parameter the project injects, at the version `secrets run` would read now: each
 * `--path`'s parameters (latest) and every env-file reference (its selector, else latest).
 * Values are read (the stores return them) but only names and versions leave this function.
 */
export async function collectInjected(
  settings: Pick<EffectiveSettings, 'store' | 'paths' | 'envFiles'>,
  storeFor: (kind: StoreKind) => ParameterStore,
): Promise<LockEntry[]> {
  const out: LockEntry[] = []
  const resolve = storeResolver(storeFor)
  await Promise.all([
    readEnvFiles(settings.envFiles).then((entries) =>
      resolveEnvFileEntries(
        entries,
        async (refs) => {
          const found = await resolve(refs)
          found.forEach((p, i) => p && out.push(lockEntry(refs[i]?.store ?? 'local', p)))
          return found
        },
        (ref) => storeFor(ref.store).history(ref.path),
      ),
    ),
    ...settings.paths.map(async (prefix) => {
      for (const p of await storeFor(settings.store).getByPath(prefix)) out.push(lockEntry(settings.store, p))
    }),
  ])
  return sortEntries(out)
}

export interface PinResult {
  file: string
  entries: LockEntry[]
  /** Differences from the lockfile as it was (every entry is "added" when there was none). */
  differences: LockDifference[]
  /** True when the lockfile was (re)written. */
  written: boolean
}

/**
 * `secrets pin`: collects what the project injects and writes the lockfile beside the
 * project config (else in `cwd`); with `check`, compares only and writes nothing.
 */
export async function pinProject(
  input: {
    settings: Pick<EffectiveSettings, 'store' | 'paths' | 'envFiles'>
    configDir: string | undefined
    cwd: string
    check: boolean
  },
  storeFor: (kind: StoreKind) => ParameterStore,
): Promise<PinResult> {
  const file = lockfilePath(input.configDir, input.cwd)
  const [entries, locked] = await Promise.all([collectInjected(input.settings, storeFor), readLockfile(file)])
  const differences = diffLock(locked ?? [], entries)
  const same = locked !== undefined && formatLockfile(locked) === formatLockfile(entries)
  if (input.check || same) return { file, entries, differences, written: false }
  await writeLockfile(file, entries)
  return { file, entries, differences, written: true }
}

/** What `pin` prints: the differences (with --check) on stdout, a summary line, the exit status. */
export function describePin(
  result: PinResult,
  check: boolean,
): { stdout: string; note: string; exitCode: 0 | 1 } {
  const n = result.entries.length
  if (!check) {
    const note = result.written
      ? `Wrote ${n} parameters to ${result.file}.`
      : `${result.file} is up to date (${n} parameters).`
    return { stdout: '', note, exitCode: 0 }
  }
  const count = result.differences.length
  return {
    stdout: formatColumns(result.differences.map(differenceCells)),
    note: count
      ? `${count} difference(s) from ${result.file}; \`secrets pin\` updates it.`
      : `${result.file} matches the store (${n} parameters).`,
    exitCode: count ? 1 : 0,
  }
}
