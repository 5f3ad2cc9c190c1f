import { readFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { writeFileAtomic } from '../../shared/atomic-file.js'
import { LocalEnvError, UsageError, systemErrorCode } from '../../shared/errors.js'
import { nodeCrypto } from '../../shared/lazy-modules.js'
import type { Finding } from './engine/index.js'

/**
 * The baseline file: findings a project accepted, committed next to the code. Each entry is
 * the rule, the path (relative to the baseline's directory) and a slow, salted hash of the
 * secret: scrypt (N=2^15, r=8, p=1, ~0.1 s and 32 MiB per guess) with a random salt kept in
 * the file, one per repository. The file is public (committed, in every clone), so a fast
 * hash would let anyone test guesses at a short password offline in microseconds; at scrypt
 * cost a dictionary of a few thousand guesses takes minutes per entry and cannot reuse work
 * across repositories. Version 1 files (sha256 of rule, path and secret) are still read, with
 * a notice, and converted entry by entry when a scan that finds them writes the file.
 */

export const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const
const KEY_BYTES = 16
const MAXMEM = 64 * 1024 * 1024

/** One accepted finding. */
export interface BaselineEntry {
  ruleId: string
  /** Relative to the baseline file's directory (v2); to the scan root (v1). */
  path: string
  fingerprint: string
}

/** A baseline as read: its salt and scrypt cost, its entries, and any old-format entries not yet converted. */
export interface Baseline {
  file: string
  salt: string
  cost: { N: number; r: number; p: number }
  entries: BaselineEntry[]
  /** Version 1 entries (a fast hash): matched by the old formula until a write converts them. */
  legacy: BaselineEntry[]
  /** True when the file was a version 1 file (the caller tells the user once per read). */
  oldFormat: boolean
}

/** What writing a baseline changed, for the one line the CLI prints. */
export interface BaselineChanges {
  file: string
  added: number
  kept: number
  converted: number
  pruned: number
  /** Old-format entries no finding matched: kept as they are (or pruned with --prune). */
  legacyLeft: number
}

/** A new, empty baseline for `file` with a fresh salt. */
export function emptyBaseline(file: string): Baseline {
  return {
    file,
    salt: nodeCrypto().randomBytes(16).toString('hex'),
    cost: { ...SCRYPT },
    entries: [],
    legacy: [],
    oldFormat: false,
  }
}

/** Reads a baseline file; a missing or unreadable file says how to make one (exit 5). */
export async function readBaselineFile(file: string): Promise<Baseline> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new LocalEnvError(`Cannot read baseline ${file}: ${systemErrorCode(error) ?? 'error'}.`, {
      hint: 'Create it with `secrets scan --write-baseline FILE`.',
    })
  }
  return parseBaseline(text, file)
}

/** Parses a baseline's text (version 1 or 2); errors name the file. */
export function parseBaseline(text: string, file: string): Baseline {
  const invalid = (why: string) =>
    new UsageError(`${file} is not a valid baseline (${why}).`, {
      hint: 'Recreate it with `secrets scan --write-baseline FILE`.',
    })
  let data: Record<string, unknown>
  try {
    data = JSON.parse(text) as Record<string, unknown>
  } catch {
    throw invalid('not JSON')
  }
  const entries = (value: unknown): BaselineEntry[] => {
    if (value === undefined) return []
    if (!Array.isArray(value) || !value.every((f) => typeof f?.fingerprint === 'string'))
      throw invalid('"findings" must list fingerprints')
    return value.map((f: Record<string, unknown>) => ({
      fingerprint: String(f.fingerprint),
      ruleId: typeof f.ruleId === 'string' ? f.ruleId : '',
      path: typeof f.path === 'string' ? f.path : '',
    }))
  }
  if (data?.version === 2) {
    const kdf = data.fingerprint as {
      algorithm?: unknown
      salt?: unknown
      N?: unknown
      r?: unknown
      p?: unknown
    }
    if (kdf?.algorithm !== 'scrypt' || typeof kdf.salt !== 'string' || !/^[0-9a-f]{32,}$/.test(kdf.salt))
      throw invalid('"fingerprint" must name scrypt and a hex salt')
    const cost = { N: Number(kdf.N), r: Number(kdf.r), p: Number(kdf.p) }
    if (
      ![cost.N, cost.r, cost.p].every(Number.isInteger) ||
      cost.N < 2 ** 14 ||
      cost.N > 2 ** 20 ||
      cost.r < 1 ||
      cost.r > 32 ||
      cost.p < 1 ||
      cost.p > 4
    )
      throw invalid('"fingerprint" has scrypt parameters out of range')
    return {
      file,
      salt: kdf.salt,
      cost,
      entries: entries(data.findings),
      legacy: entries(data.legacy),
      oldFormat: false,
    }
  }
  // Version 1 (or a file without a version): every entry is a fast hash.
  return { ...emptyBaseline(file), legacy: entries(data?.findings), oldFormat: true }
}

/** The notice for a version 1 baseline: what is wrong with it and the one command that converts it. */
export function oldFormatNotice(shownFile: string): string {
  return `secrets scan: ${shownFile} is a version 1 baseline: each entry is a fast sha256 of the secret, which anyone with the file can test guesses against. It still applies; convert it once with \`secrets scan --history --write-baseline ${shownFile}\` (entries the scan finds are rewritten as slow salted hashes, the rest are kept until found or --prune).\n`
}

/** The path of a finding as a baseline next to `file` records it (posix, relative to its directory). */
function entryPath(baselineFile: string, root: string, findingPath: string): string {
  return relative(dirname(baselineFile), join(root, findingPath)).split(sep).join('/')
}

/**
 * The slow hashes one baseline object has computed, by their input: a secret found twice at
 * one (rule, path) (two lines of a file; a candidate that matched no entry and is then
 * written) costs one scrypt, not two. In memory only, for the life of that object.
 */
const computed = new WeakMap<Baseline, Map<string, Promise<string>>>()

/** scrypt(rule \0 path \0 secret, salt) in hex: the slow hash a v2 entry holds. */
function slowHash(baseline: Baseline, ruleId: string, path: string, secret: string): Promise<string> {
  const input = `${ruleId}\0${path}\0${secret}`
  let memo = computed.get(baseline)
  if (!memo) computed.set(baseline, (memo = new Map()))
  const known = memo.get(input)
  if (known) return known
  const hash = scryptHex(baseline, input)
  memo.set(input, hash)
  return hash
}

function scryptHex(baseline: Baseline, input: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    nodeCrypto().scrypt(
      input,
      Buffer.from(baseline.salt, 'hex'),
      KEY_BYTES,
      { ...baseline.cost, maxmem: MAXMEM },
      (error, key) => (error ? reject(error) : resolvePromise(key.toString('hex'))),
    )
  })
}

/** The version 1 fingerprint: sha256(rule \0 scan-root path \0 secret), first 128 bits. */
function legacyHash(ruleId: string, path: string, secret: string): string {
  return nodeCrypto().createHash('sha256').update(`${ruleId}\0${path}\0${secret}`).digest('hex').slice(0, 32)
}

/** Which entries each finding matches. Only findings at a recorded (rule, path) pay for a hash. */
export async function matchBaseline(
  baseline: Baseline,
  findings: readonly Finding[],
  root: string,
): Promise<Map<Finding, BaselineEntry>> {
  const byPlace = new Map<string, BaselineEntry[]>()
  for (const e of baseline.entries) {
    const key = `${e.ruleId}\0${e.path}`
    byPlace.set(key, [...(byPlace.get(key) ?? []), e])
  }
  const legacy = new Map(baseline.legacy.map((e) => [e.fingerprint, e]))
  const matched = new Map<Finding, BaselineEntry>()
  await Promise.all(
    findings.map(async (f) => {
      const old = legacy.get(legacyHash(f.ruleId, f.path, f.secret))
      if (old) return void matched.set(f, old)
      const path = entryPath(baseline.file, root, f.path)
      const candidates = byPlace.get(`${f.ruleId}\0${path}`)
      if (!candidates) return
      const hash = await slowHash(baseline, f.ruleId, path, f.secret)
      const entry = candidates.find((e) => e.fingerprint === hash)
      if (entry) matched.set(f, entry)
    }),
  )
  return matched
}

/**
 * Merges `findings` into `existing` (or a new baseline) and writes it atomically: new
 * findings are added, every entry kept (those matched by a finding, and, unless `prune`,
 * those no longer found), old-format entries a finding matches are converted to the slow
 * hash. Nothing an earlier write accepted is dropped without `prune`, which counts what it drops.
 */
export async function writeBaselineFile(
  file: string,
  existing: Baseline | undefined,
  findings: readonly Finding[],
  root: string,
  options: { prune?: boolean } = {},
): Promise<BaselineChanges> {
  const base = existing ?? emptyBaseline(file)
  const baseline: Baseline = { ...base, file }
  const matched = await matchBaseline(baseline, findings, root)
  const legacySet = new Set(baseline.legacy)
  const used = new Set(matched.values())
  const out = new Map<string, BaselineEntry>()
  let added = 0
  let converted = 0
  for (const f of findings) {
    const hit = matched.get(f)
    if (hit && !legacySet.has(hit)) {
      out.set(`${hit.ruleId}\0${hit.path}\0${hit.fingerprint}`, hit)
      continue
    }
    const path = entryPath(file, root, f.path)
    const entry = { ruleId: f.ruleId, path, fingerprint: await slowHash(baseline, f.ruleId, path, f.secret) }
    const key = `${entry.ruleId}\0${entry.path}\0${entry.fingerprint}`
    if (out.has(key)) continue
    out.set(key, entry)
    if (hit) converted++
    else added++
  }
  const unmatched = baseline.entries.filter((e) => !used.has(e))
  const legacyLeft = baseline.legacy.filter((e) => !used.has(e))
  if (!options.prune) for (const e of unmatched) out.set(`${e.ruleId}\0${e.path}\0${e.fingerprint}`, e)
  const entries = [...out.values()].sort(
    (a, b) =>
      a.path.localeCompare(b.path) ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.fingerprint.localeCompare(b.fingerprint),
  )
  const legacy = options.prune ? [] : legacyLeft
  const data = {
    version: 2,
    tool: 'secrets',
    fingerprint: { algorithm: 'scrypt', ...baseline.cost, salt: baseline.salt },
    findings: entries,
    ...(legacy.length > 0 ? { legacy } : {}),
  }
  await writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o644 })
  return {
    file,
    added,
    kept: baseline.entries.length - unmatched.length + (options.prune ? 0 : unmatched.length),
    converted,
    pruned: options.prune ? unmatched.length + legacyLeft.length : 0,
    legacyLeft: options.prune ? 0 : legacyLeft.length,
  }
}
