import { formatDuration } from '../../shared/duration.js'
import { ExitCode } from '../../shared/errors.js'
import { formatTable } from '../../shared/table.js'
import type { Keychain } from '../keychain/index.js'
import type { Parameter, ParameterStore } from '../store/index.js'
import { DEFAULT_MAX_AGE_MS, matchPathPolicy, type RotationPolicy } from './rotation-policy.js'
import { profilesWithStoredKeys, readStoredAccessKey } from '../identity/index.js'

/** One credential `rotate --check` reports on. Never carries a value. */
export interface RotationStatus {
  kind: 'aws-key' | 'parameter' | 'data-key'
  /** The profile (aws-key) or parameter path. */
  name: string
  /** The access key id, or the parameter's latest version. */
  id: string
  /** When the current credential came into being: key created / rotated, or version written. */
  since: string
  /** When it was last replaced: `secrets rotate aws-key` for a key, the latest version for a parameter; null when never. */
  lastRotated: string | null
  ageDays: number
  maxAgeDays: number
  /** The same ages in milliseconds, shown in the unit of the policy (`1h`, `30d`). */
  ageMs: number
  maxAgeMs: number
  overdue: boolean
  /** The exact command that rotates it. */
  command: string
}

export interface CheckRotationsInput {
  policy: RotationPolicy
  now: Date
}

export interface CheckRotationsDeps {
  keychain: () => Keychain
  /** Opened only when the policy lists paths with a max age. */
  store: () => ParameterStore
  /** The data keys of this machine's encrypted files (local store, run cache) and their age. */
  dataKeys?: () => Promise<{ name: string; created?: string }[]>
}

/** Age and overdue flag of a credential that exists since `since`. */
export function assessAge(
  since: Date,
  maxAgeMs: number,
  now: Date,
): { ageDays: number; maxAgeDays: number; ageMs: number; maxAgeMs: number; overdue: boolean } {
  const ageMs = Math.max(0, now.getTime() - since.getTime())
  return {
    ageDays: Math.floor(ageMs / 86_400_000),
    maxAgeDays: round(maxAgeMs / 86_400_000),
    ageMs,
    maxAgeMs,
    overdue: ageMs > maxAgeMs,
  }
}

/** The max age for a path: its entry's, else the section's; undefined when neither sets one. */
export function pathMaxAge(policy: RotationPolicy, path: string): number | undefined {
  return matchPathPolicy(policy, path)?.entry.maxAgeMs ?? policy.defaults.maxAgeMs
}

/**
 * Lists personal credentials with their age: access keys stored with `add-key` (max age:
 * the section's `maxAge`, else 90 days) and store parameters under `rotate.paths` that have
 * a max age (age = the latest version's lastModified). Sorted overdue first.
 */
export async function checkRotations(
  input: CheckRotationsInput,
  deps: CheckRotationsDeps,
): Promise<RotationStatus[]> {
  const out: RotationStatus[] = []
  const keychain = deps.keychain()
  const keyMaxAge = input.policy.defaults.maxAgeMs ?? DEFAULT_MAX_AGE_MS
  for (const profile of profilesWithStoredKeys(await keychain.list())) {
    const key = await readStoredAccessKey(keychain, profile)
    if (!key) continue
    const since = key.rotated ?? key.created
    out.push({
      kind: 'aws-key',
      name: profile,
      id: key.accessKeyId,
      since,
      lastRotated: key.rotated ?? null,
      ...assessAge(new Date(since), keyMaxAge, input.now),
      command: `secrets rotate aws-key --profile ${profile}`,
    })
  }
  for (const key of (await deps.dataKeys?.()) ?? []) {
    // A key from before its creation time was recorded: its age is unknown until `secrets rekey`.
    const since = key.created ?? 'unknown'
    out.push({
      kind: 'data-key',
      name: key.name,
      id: key.created ? 'aes-256-gcm' : 'aes-256-gcm (age unknown)',
      since,
      lastRotated: null,
      command: 'secrets rekey',
      ...(key.created
        ? assessAge(new Date(key.created), keyMaxAge, input.now)
        : {
            ageDays: 0,
            maxAgeDays: round(keyMaxAge / 86_400_000),
            ageMs: 0,
            maxAgeMs: keyMaxAge,
            overdue: false,
          }),
    })
  }
  const prefixes = Object.keys(input.policy.paths).filter((p) => pathMaxAge(input.policy, p) !== undefined)
  if (prefixes.length > 0) {
    const store = deps.store()
    const seen = new Map<string, Parameter>()
    for (const prefix of prefixes) {
      const exact = prefix === '/' ? undefined : await store.get(prefix)
      for (const p of [...(exact ? [exact] : []), ...(await store.getByPath(prefix))]) seen.set(p.path, p)
    }
    for (const p of [...seen.values()].sort((a, b) => a.path.localeCompare(b.path))) {
      const maxAge = pathMaxAge(input.policy, p.path)
      if (maxAge === undefined) continue
      out.push({
        kind: 'parameter',
        name: p.path,
        id: String(p.version),
        since: p.lastModified.toISOString(),
        // The current value was written by the latest version: that is its last rotation.
        lastRotated: p.lastModified.toISOString(),
        ...assessAge(p.lastModified, maxAge, input.now),
        command: `secrets rotate ${p.path}${store.kind === 'local' ? '' : ` --store ${store.kind}`}`,
      })
    }
  }
  return out.sort((a, b) => Number(b.overdue) - Number(a.overdue))
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}

/**
 * The `rotate --check` report: a table (stdout), a one-line summary (stderr), and the exit
 * status — 1 (`found`) when anything is overdue, as `scan` exits 1 on findings.
 */
export function formatRotationReport(statuses: RotationStatus[]): {
  table: string
  summary: string
  exitCode: ExitCode
} {
  if (statuses.length === 0) {
    return {
      exitCode: ExitCode.ok,
      table: '',
      summary:
        'Nothing to check: no access keys stored with `secrets add-key` and no `rotate.paths` with a maxAge in .secretsrc.json.',
    }
  }
  const overdue = statuses.filter((s) => s.overdue).length
  const rows = statuses.map((s) => [
    s.overdue ? 'OVERDUE' : 'ok',
    s.kind,
    s.name,
    s.id,
    formatDuration(s.ageMs),
    formatDuration(s.maxAgeMs),
    s.lastRotated ?? 'never',
    s.overdue ? s.command : '',
  ])
  return {
    exitCode: overdue ? ExitCode.found : ExitCode.ok,
    table: formatTable(['STATUS', 'KIND', 'NAME', 'ID/VERSION', 'AGE', 'MAX', 'LAST ROTATED', 'NEXT'], rows),
    summary:
      `${statuses.length} checked, ${overdue} overdue.` +
      (overdue ? ' Run the command in the NEXT column of each overdue row.' : ''),
  }
}

/** `rotate --check` in one call: the statuses, their report, and the exit status. */
export async function reportRotations(
  input: CheckRotationsInput,
  deps: CheckRotationsDeps,
): Promise<ReturnType<typeof formatRotationReport> & { statuses: RotationStatus[] }> {
  const statuses = await checkRotations(input, deps)
  return { statuses, ...formatRotationReport(statuses) }
}
