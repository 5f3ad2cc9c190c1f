import { defaultScanThreads } from './scan-threads.js'
import { stat } from 'node:fs/promises'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import { findProjectConfig } from '../config/index.js'
import { UsageError, systemErrorCode } from '../../shared/errors.js'
import {
  BUILTIN_RULES,
  addBatchStats,
  addNotScanned,
  allowlistFilter,
  compileRuleSet,
  customRule,
  emptyBatchStats,
  oldestPerFingerprint,
  parseScanConfig,
  scanFile,
  withLocationFingerprints,
  type BaselineSummary,
  type BatchStats,
  type Finding,
  type NotScanned,
  type Rule,
  type ScanConfig,
  type ScanCoverage,
  type ScanStats,
} from './engine/index.js'
import type { Baseline, BaselineChanges } from './baseline-file.js'
import type { CustomRuleRunner } from './custom-rule-runner.js'
import {
  gitTopLevel,
  outsideGit,
  plainTopLevel,
  readBlobs,
  readLooseBlob,
  stagedBlobs,
  type BlobContent,
  type BlobRef,
} from './git-source.js'
import type { BlobScan } from './worker-pool.js'
import type { KnownValue, KnownValueIndex } from './known-values/index.js'
import type { Verifier, VerifyOptions } from './verify/index.js'

export type ScanMode = 'tree' | 'staged' | 'history'

/** The baseline every scan (and the hook) applies by default, at the top of the repository. */
export const DEFAULT_BASELINE = '.secrets-baseline.json'

export interface ScanInput {
  /** File or directory to scan (tree mode) or any path inside the repository (git modes). */
  target: string
  mode: ScanMode
  /** --history only: scan commits not reachable from this revision. */
  since?: string
  /** --history only: `BASE..HEAD`, the commits a pull request adds. */
  range?: string
  /** --history in a partial clone: fetch the blobs it lacks in one batch instead of reporting them unscanned. */
  fetchMissing?: boolean
  /** Ignore findings recorded in this baseline file (default: .secrets-baseline.json at the top, if any). */
  baselineFile?: string
  /** Apply no baseline, not even the default one. */
  noBaseline?: boolean
  /** Merge the findings into this baseline file instead of failing. */
  writeBaselineFile?: string
  /** Ask each finding's issuer whether it is live (`scan --verify`); `onlyVerified` keeps only live ones. */
  verify?: boolean
  onlyVerified?: boolean
  /** Also look for the project's own current secret values (`scan --known-values`). */
  knownValues?: boolean
  /** With writeBaselineFile: drop the entries no finding matches. */
  prune?: boolean
}

export interface ScanDeps {
  /** Cores for large trees and histories, the main thread included (default: defaultScanThreads). */
  threads?: number
  /** Progress for humans; the command wires it to stderr only when stderr is a TTY. */
  onProgress?: (done: number, total: number) => void
  now?: () => number
  /** Told when a `.secretsrc.json` is ignored (not the user's, or writable by others). */
  warn?: (message: string) => void
  /** `--known-values`: the project's current values, read through the store (never stored). */
  knownValues?: () => Promise<KnownValue[]>
  /** `--verify`: the verifiers (default: the built-in ones) and their bounds and own-key lookup. */
  verifiers?: readonly Verifier[]
  verifyOptions?: VerifyOptions
}

export interface ScanResult {
  mode?: ScanMode
  findings: Finding[]
  stats: ScanStats
  rules: readonly Rule[]
  /** Where the relative paths of findings start from. */
  root: string
  /** Set when findings were merged into a baseline file (nothing else is reported then). */
  baselineWritten?: BaselineChanges
  /** The baseline applied, as the summary names it. */
  baseline?: BaselineSummary
  /** The baseline applied is a version 1 file (fast hashes): the CLI says how to convert it. */
  baselineOldFormat?: string
  /** Git modes: what the scan could not read (shallow history, missing or unfetched blobs). */
  coverage?: ScanCoverage
}

/** Scans a tree, the staged changes or the history, applying config, allowlists and baseline. */
export async function scanProject(input: ScanInput, deps: ScanDeps = {}): Promise<ScanResult> {
  const now = deps.now ?? Date.now
  const started = now()
  const target = resolve(input.target)
  const targetInfo = await stat(target).catch((error: unknown) => {
    throw new UsageError(`Cannot scan ${input.target}: ${systemErrorCode(error) ?? 'not found'}.`, {
      hint: 'Pass an existing file or directory.',
    })
  })
  const configDir = targetInfo.isFile() ? dirname(target) : target
  // --staged is the pre-commit hook's call: both git questions start now and run while the
  // config loads and the rules compile (allSettled: a failure is reported where it is awaited).
  // Where the file system settles the top of the work tree, git is not asked (one process less).
  const plainTop = input.mode === 'staged' ? plainTopLevel(configDir) : undefined
  const stagedEarly =
    input.mode === 'staged'
      ? Promise.allSettled([plainTop ?? gitTopLevel(configDir), stagedBlobs(configDir)])
      : undefined
  const project = await findProjectConfig(configDir, deps.warn ? { onIgnored: deps.warn } : {})
  let top: string | undefined
  let policy: Awaited<ReturnType<typeof import('./range-policy.js').rangePolicy>> | undefined
  let config: ScanConfig
  if (input.mode === 'history' && input.range !== undefined) {
    // A pull request does not choose its own policy: the base revision's applies.
    top = await requireTop(configDir, input)
    const { rangePolicy } = await import('./range-policy.js')
    policy = await rangePolicy(top, input.range, project, {
      file: input.baselineFile,
      none: input.noBaseline,
    })
    config = policy.config
  } else
    config = parseScanConfig(
      project?.scan,
      project?.file ?? '.secretsrc.json',
      new Set(BUILTIN_RULES.map((r) => r.id)),
    )
  // What only some scans use loads only for them: the pre-commit hook (`--staged`, no custom
  // rules) pays for neither worker threads, the tree walk nor the history plan.
  let runner: CustomRuleRunner | undefined
  if (config.rules.length > 0) {
    const [{ checkCustomRules }, { CustomRuleRunner }] = await Promise.all([
      import('./custom-rule-check.js'),
      import('./custom-rule-runner.js'),
    ])
    await checkCustomRules(config.rules, policy?.configFile ?? project?.file ?? '.secretsrc.json')
    runner = new CustomRuleRunner(config.rules)
  }
  const builtIn = BUILTIN_RULES.filter((r) => !config.allowRules.includes(r.id))
  const custom = config.rules.filter((r) => !config.allowRules.includes(r.id))
  const rules = [
    ...builtIn,
    ...custom.map(customRule),
    ...(policy ? [(await import('./range-policy.js')).POLICY_RULE] : []),
  ]
  // The built-in rules run here and in the pool; the project's own in the runner, under a time budget.
  const ruleSet = compileRuleSet(builtIn)
  const known = input.knownValues ? await knownValueIndex(deps) : undefined
  const listed: string[] = []

  let root: string
  let raw: { findings: Finding[]; stats: BatchStats }
  let coverage: ScanCoverage | undefined
  const customJobs: Promise<void>[] = []
  const customFound: Finding[] = []
  const notScanned: NotScanned[] = []
  const runCustom = (
    path: string,
    source: Parameters<CustomRuleRunner['scan']>[1],
    commit?: Finding['commit'],
  ) => {
    if (!runner) return
    customJobs.push(
      runner.scan(path, source).then(({ findings, timedOut }) => {
        if (timedOut) notScanned.push(timedOut)
        for (const f of findings) customFound.push(commit ? { ...f, commit } : f)
      }),
    )
  }
  try {
    if (input.mode === 'tree') {
      root = targetInfo.isFile() ? dirname(target) : target
      const treeRoot = root
      const onProgress = deps.onProgress
      const [{ ScanPool }, { listFiles }] = await Promise.all([
        import('./worker-pool.js'),
        import('./file-source.js'),
      ])
      const pool = new ScanPool(root, {
        threads: deps.threads ?? defaultScanThreads('tree'),
        ruleSet,
        disabledRules: config.allowRules,
        customRules: [],
        maxFileSize: config.maxFileSize,
        ...(onProgress ? { onProgress } : {}),
      })
      raw = { findings: [], stats: emptyBatchStats() }
      const add = (paths: readonly string[]) => {
        pool.add(paths)
        if (known) listed.push(...paths)
        for (const path of paths) runCustom(path, { root: treeRoot, maxSize: config.maxFileSize })
      }
      // Files are scanned as the listing finds them; workers start once the tree is big enough.
      if (targetInfo.isFile()) add([basename(target)])
      else
        await listFiles(target, add, (entry) => notScanned.push(entry)).catch(async (error: unknown) => {
          await pool.abort()
          throw error
        })
      const scanned = await pool.finish()
      raw.findings.push(...scanned.findings)
      addBatchStats(raw.stats, scanned.stats)
      if (known) {
        const { knownValuesInTree } = await import('./known-values/tree-pass.js')
        raw.findings.push(...knownValuesInTree(root, listed, known, config.maxFileSize))
      }
    } else {
      const [topResult, stagedResult] = stagedEarly ? await stagedEarly : []
      // --history asks the file system first too (one git process less), as --staged does.
      top ??= topResult
        ? settled(topResult)
        : ((input.mode === 'history' ? plainTopLevel(configDir) : undefined) ??
          (await gitTopLevel(configDir)))
      if (!top) throw notInGit(input)
      root = top
      const plan =
        input.mode === 'staged'
          ? {
              refs: stagedResult ? settled(stagedResult) : await stagedBlobs(top),
              coverage: { truncatedAt: [], unreadable: [] },
            }
          : await (
              await import('./git-history.js')
            ).planHistory(top, { since: input.since, range: input.range, fetchMissing: input.fetchMissing })
      const { refs } = plan
      coverage = plan.coverage
      const gitRaw = { findings: [] as Finding[], stats: emptyBatchStats() }
      raw = gitRaw
      gitRaw.stats.skippedUnreadable += coverage.unreadable.length
      let done = 0
      const onMissing = (ref: (typeof refs)[number]) => {
        gitRaw.stats.skippedUnreadable++
        coverage?.unreadable.push({
          path: ref.path,
          blob: ref.sha,
          ...(ref.commit ? { commit: ref.commit.sha } : {}),
          reason: 'missing',
        })
      }
      type Scanned = { ref: BlobRef; length: number; known: Finding[] | undefined }
      const scanHere = (bytes: Buffer, path: string): BlobScan => {
        const counts = { allowed: 0 }
        const scanned = scanFile(bytes, path, ruleSet, counts)
        return { ...scanned, allowed: counts.allowed }
      }
      const record = ({ ref, length, known: knownFound }: Scanned, scanned: BlobScan) => {
        gitRaw.stats.suppressedInline += scanned.allowed
        if (scanned.binary) return void gitRaw.stats.skippedBinary++
        gitRaw.stats.files++
        gitRaw.stats.bytes += length
        const found = knownFound ? [...scanned.findings, ...knownFound] : scanned.findings
        for (const f of found) gitRaw.findings.push(ref.commit ? { ...f, commit: ref.commit } : f)
      }
      // A large history is scanned on every core (the blob pool); the hook's few staged blobs
      // and a small history on this thread only.
      const pool =
        input.mode === 'history'
          ? new (await import('./worker-pool.js')).BlobScanPool<Scanned>({
              // One core is git's (cat-file inflates every blob the scan reads): on two
              // cores a worker would only compete with it and repeat the JIT warm-up.
              threads: deps.threads ?? defaultScanThreads('history'),
              disabledRules: config.allowRules,
              customRules: [],
              maxFileSize: config.maxFileSize,
              scan: scanHere,
            })
          : undefined
      const onBlob = ({ ref, size, bytes }: BlobContent) => {
        done++
        if (done % 200 === 0) deps.onProgress?.(done, refs.length)
        if (!bytes) {
          gitRaw.stats.skippedOversized++
          return void gitRaw.stats.oversizedFiles.push({ path: ref.path, size })
        }
        // Known values are looked for here, where the bytes are (binary blobs drop them in record).
        const knownFound = known?.findIn(bytes, ref.path)
        const scanned: Scanned = { ref, length: bytes.length, known: knownFound }
        if (pool) pool.add(scanned, ref.path, bytes)
        else record(scanned, scanHere(bytes, ref.path))
        // The project rules' worker gets its own copy: `bytes` may be a view of a pipe chunk
        // (readBlobs), and posting a view would copy the whole chunk.
        if (runner) runCustom(ref.path, { bytes: new Uint8Array(bytes) }, ref.commit)
      }
      // Staged blobs are loose objects (git add just wrote them): read where the object store
      // is the plain one, so the hook needs no cat-file process; the rest goes through cat-file.
      let unread = refs
      if (plainTop && process.env.GIT_OBJECT_DIRECTORY === undefined) {
        unread = refs.filter((ref) => {
          const blob = readLooseBlob(join(plainTop, '.git'), ref, config.maxFileSize)
          if (blob) onBlob(blob)
          return !blob
        })
      }
      try {
        await readBlobs(top, unread, config.maxFileSize, onBlob, onMissing, {
          sizesFirst: input.mode === 'history',
        })
      } catch (error) {
        await pool?.abort()
        throw error
      }
      if (pool) for (const { tag, scan } of await pool.finish()) record(tag, scan)
    }
    await Promise.all(customJobs)
  } finally {
    await runner?.close()
  }
  for (const entry of notScanned) addNotScanned(raw.stats, entry)
  if (customFound.length > 0) raw.findings = withProjectFindings(raw.findings, customFound, builtIn)

  // One secret in one path is one finding, however many blob versions carry it: keep the
  // oldest commit, where it leaked first.
  if (input.mode === 'history') raw.findings = oldestPerFingerprint(raw.findings)

  const allowed = allowlistFilter(config)
  const configBase = policy?.configDir ?? project?.dir ?? root
  const relativeToConfig = (path: string) => relative(configBase, join(root, path)).split(sep).join('/')
  const kept = raw.findings.filter((f) => allowed(f, relativeToConfig(f.path)))
  const suppressedAllowlist = raw.findings.length - kept.length
  let findings = kept
  let suppressedBaseline = 0
  let baselineWritten: BaselineChanges | undefined
  let applied: BaselineSummary | undefined
  let oldFormat: string | undefined
  const baselines = await import('./baseline-file.js')
  if (input.writeBaselineFile) {
    const file = resolve(input.writeBaselineFile)
    const existing = await stat(file).then(
      () => baselines.readBaselineFile(file),
      () => undefined,
    )
    baselineWritten = await baselines.writeBaselineFile(file, existing, kept, root, {
      ...(input.prune ? { prune: true } : {}),
    })
  } else {
    const chosen = policy
      ? { baseline: policy.baseline, shown: policy.baselineShown }
      : await chooseBaseline(input, root, top)
    if (chosen.baseline) {
      const matched = await baselines.matchBaseline(chosen.baseline, kept, root)
      findings = kept.filter((f) => !matched.has(f))
      suppressedBaseline = matched.size
      applied = { file: chosen.shown ?? chosen.baseline.file, suppressed: suppressedBaseline }
      if (chosen.baseline.oldFormat) oldFormat = chosen.shown ?? chosen.baseline.file
    }
  }
  // Reports carry location fingerprints only: nothing derived from a secret leaves the process.
  findings = withLocationFingerprints([...findings, ...(policy?.findings ?? [])])
  findings.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column)
  if (input.verify || input.onlyVerified) {
    const { applyVerification, builtinVerifiers } = await import('./verify/index.js')
    findings = await applyVerification(findings, deps.verifiers ?? builtinVerifiers(), {
      ...deps.verifyOptions,
      onlyVerified: input.onlyVerified === true,
    })
  }
  const totals = addStats(raw.stats)
  totals.oversizedFiles.sort((a, b) => a.path.localeCompare(b.path))
  totals.notScanned.sort((a, b) => a.path.localeCompare(b.path))
  const suppressedInline = totals.suppressedInline
  const stats: ScanStats = {
    ...totals,
    suppressed: suppressedAllowlist + suppressedBaseline + suppressedInline,
    suppressedInline,
    suppressedBaseline,
    durationMs: now() - started,
  }
  return {
    mode: input.mode,
    findings,
    stats,
    rules,
    root,
    ...(baselineWritten ? { baselineWritten } : {}),
    ...(applied ? { baseline: applied } : {}),
    ...(oldFormat ? { baselineOldFormat: oldFormat } : {}),
    ...(coverage ? { coverage } : {}),
  }
}

/**
 * The baseline a scan applies: `--baseline FILE` (it must exist), else `.secrets-baseline.json`
 * at the top of the repository (or of the scanned directory outside git) when there is one,
 * the same file the pre-commit hook applies; none with `--no-baseline`.
 */
async function chooseBaseline(
  input: ScanInput,
  root: string,
  top: string | undefined,
): Promise<{ baseline: Baseline | undefined; shown: string | undefined }> {
  if (input.noBaseline) return { baseline: undefined, shown: undefined }
  const { readBaselineFile } = await import('./baseline-file.js')
  if (input.baselineFile) {
    const file = resolve(input.baselineFile)
    return { baseline: await readBaselineFile(file), shown: input.baselineFile }
  }
  // The file system usually settles the top of the work tree (no git process for a tree scan).
  const base = top ?? (outsideGit(root) ? root : (plainTopLevel(root) ?? (await gitTopLevel(root)) ?? root))
  const file = join(base, DEFAULT_BASELINE)
  const exists = await stat(file).then(
    (info) => info.isFile(),
    () => false,
  )
  return exists
    ? { baseline: await readBaselineFile(file), shown: relative(process.cwd(), file) || file }
    : { baseline: undefined, shown: undefined }
}

async function requireTop(configDir: string, input: ScanInput): Promise<string> {
  const top = await gitTopLevel(configDir)
  if (!top) throw notInGit(input)
  return top
}

function notInGit(input: ScanInput): UsageError {
  return new UsageError(`--${input.mode} needs a git repository, and ${input.target} is not in one.`, {
    hint: 'Run it inside a git work tree, or scan the directory without --staged/--history.',
  })
}

/**
 * Adds the project rules' findings (scanned apart, in the runner) to the built-ins', with the
 * engine's overlap rule between them: a specific rule beats a generic one on the same span,
 * so a custom token is not reported twice (once as `generic-secret`).
 */
function withProjectFindings(
  found: Finding[],
  custom: readonly Finding[],
  builtIn: readonly Rule[],
): Finding[] {
  const generic = new Set(builtIn.filter((r) => r.generic).map((r) => r.id))
  const overlaps = (a: Finding, b: Finding) =>
    a.path === b.path &&
    a.line === b.line &&
    a.commit?.sha === b.commit?.sha &&
    a.column < Math.max(b.endColumn, b.column + 1) &&
    b.column < Math.max(a.endColumn, a.column + 1)
  return [...found.filter((f) => !generic.has(f.ruleId) || !custom.some((c) => overlaps(f, c))), ...custom]
}

/** The keyed index of the project's values for `--known-values` (the values are not kept). */
async function knownValueIndex(deps: ScanDeps): Promise<KnownValueIndex> {
  if (!deps.knownValues)
    throw new UsageError('--known-values needs the project store, which this caller did not provide.', {
      hint: 'Run `secrets scan --known-values` from the command line.',
    })
  const { KnownValueIndex } = await import('./known-values/index.js')
  return new KnownValueIndex(await deps.knownValues())
}

function settled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason
  return result.value
}

function addStats(stats: BatchStats): BatchStats {
  const total = emptyBatchStats()
  addBatchStats(total, stats)
  return total
}

export type { ScanConfig }
