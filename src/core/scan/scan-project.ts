import { availableParallelism } from 'node:os'
import { stat } from 'node:fs/promises'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import { findProjectConfig } from '../config/index.js'
import { UsageError, systemErrorCode } from '../../shared/errors.js'
import {
  BUILTIN_RULES,
  addBatchStats,
  allowlistFilter,
  compileRuleSet,
  customRule,
  emptyBatchStats,
  oldestPerFingerprint,
  parseScanConfig,
  scanFile,
  type BatchStats,
  type Finding,
  type Rule,
  type ScanConfig,
  type ScanCoverage,
  type ScanStats,
} from './engine/index.js'
import {
  gitTopLevel,
  plainTopLevel,
  readBlobs,
  readLooseBlob,
  stagedBlobs,
  type BlobContent,
} from './git-source.js'
import type { KnownValue, KnownValueIndex } from './known-values/index.js'
import type { Verifier, VerifyOptions } from './verify/index.js'

export type ScanMode = 'tree' | 'staged' | 'history'

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
  /** Ignore findings whose fingerprint is in this baseline file. */
  baselineFile?: string
  /** Write the findings' fingerprints to this file instead of failing. */
  writeBaselineFile?: string
  /** Ask each finding's issuer whether it is live (`scan --verify`); `onlyVerified` keeps only live ones. */
  verify?: boolean
  onlyVerified?: boolean
  /** Also look for the project's own current secret values (`scan --known-values`). */
  knownValues?: boolean
}

export interface ScanDeps {
  /** Worker threads for large trees (default: the machine's parallelism, at most 8). */
  threads?: number
  /** Progress for humans; the command wires it to stderr only when stderr is a TTY. */
  onProgress?: (done: number, total: number) => void
  now?: () => number
  /** `--known-values`: the project's current values, read through the store (never stored). */
  knownValues?: () => Promise<KnownValue[]>
  /** `--verify`: the verifiers (default: the built-in ones) and their bounds and own-key lookup. */
  verifiers?: readonly Verifier[]
  verifyOptions?: VerifyOptions
}

export interface ScanResult {
  findings: Finding[]
  stats: ScanStats
  rules: readonly Rule[]
  /** Where the relative paths of findings start from. */
  root: string
  baselineWritten?: string
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
  const project = await findProjectConfig(configDir)
  const config = parseScanConfig(
    project?.scan,
    project?.file ?? '.secretsrc.json',
    new Set(BUILTIN_RULES.map((r) => r.id)),
  )
  // What only some scans use loads only for them: the pre-commit hook (`--staged`, no custom
  // rules, no baseline) pays for neither worker threads, the tree walk nor the history plan.
  if (config.rules.length > 0) {
    const { checkCustomRules } = await import('./custom-rule-check.js')
    await checkCustomRules(config.rules, project?.file ?? '.secretsrc.json')
  }
  const rules = [...BUILTIN_RULES, ...config.rules.map(customRule)].filter(
    (r) => !config.allowRules.includes(r.id),
  )
  const ruleSet = compileRuleSet(rules)
  const known = input.knownValues ? await knownValueIndex(deps) : undefined
  const listed: string[] = []

  let root: string
  let raw: { findings: Finding[]; stats: BatchStats }
  let coverage: ScanCoverage | undefined
  if (input.mode === 'tree') {
    root = targetInfo.isFile() ? dirname(target) : target
    const onProgress = deps.onProgress
    const [{ ScanPool }, { listFiles }] = await Promise.all([
      import('./worker-pool.js'),
      import('./file-source.js'),
    ])
    const pool = new ScanPool(root, {
      threads: deps.threads ?? Math.min(availableParallelism(), 8),
      ruleSet,
      disabledRules: config.allowRules,
      customRules: config.rules,
      maxFileSize: config.maxFileSize,
      ...(onProgress ? { onProgress } : {}),
    })
    // Files are scanned as the listing finds them; workers start once the tree is big enough.
    const add = (paths: string[]) => {
      pool.add(paths)
      if (known) listed.push(...paths)
    }
    if (targetInfo.isFile()) add([basename(target)])
    else
      await listFiles(target, add).catch(async (error: unknown) => {
        await pool.abort()
        throw error
      })
    raw = await pool.finish()
    if (known) {
      const { knownValuesInTree } = await import('./known-values/tree-pass.js')
      raw.findings.push(...knownValuesInTree(root, listed, known, config.maxFileSize))
    }
  } else {
    const [topResult, stagedResult] = stagedEarly ? await stagedEarly : []
    const top = topResult ? settled(topResult) : await gitTopLevel(configDir)
    if (!top)
      throw new UsageError(`--${input.mode} needs a git repository, and ${input.target} is not in one.`, {
        hint: 'Run it inside a git work tree, or scan the directory without --staged/--history.',
      })
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
    raw = { findings: [], stats: emptyBatchStats() }
    raw.stats.skippedUnreadable += coverage.unreadable.length
    let done = 0
    const onMissing = (ref: (typeof refs)[number]) => {
      raw.stats.skippedUnreadable++
      coverage?.unreadable.push({
        path: ref.path,
        blob: ref.sha,
        ...(ref.commit ? { commit: ref.commit.sha } : {}),
        reason: 'missing',
      })
    }
    const onBlob = ({ ref, size, bytes }: BlobContent) => {
      done++
      if (done % 200 === 0) deps.onProgress?.(done, refs.length)
      if (!bytes) {
        raw.stats.skippedOversized++
        return void raw.stats.oversizedFiles.push({ path: ref.path, size })
      }
      const scanned = scanFile(bytes, ref.path, ruleSet)
      if (scanned.binary) return void raw.stats.skippedBinary++
      raw.stats.files++
      raw.stats.bytes += bytes.length
      const found = known ? [...scanned.findings, ...known.findIn(bytes, ref.path)] : scanned.findings
      for (const f of found) raw.findings.push(ref.commit ? { ...f, commit: ref.commit } : f)
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
    await readBlobs(top, unread, config.maxFileSize, onBlob, onMissing)
  }

  // One secret in one path is one finding, however many blob versions carry it: keep the
  // oldest commit, where it leaked first.
  if (input.mode === 'history') raw.findings = oldestPerFingerprint(raw.findings)

  const allowed = allowlistFilter(config)
  const relativeToConfig = (path: string) =>
    relative(project?.dir ?? root, join(root, path))
      .split(sep)
      .join('/')
  const kept = raw.findings.filter((f) => allowed(f, relativeToConfig(f.path)))
  let suppressed = raw.findings.length - kept.length
  let findings = kept
  let baselineWritten: string | undefined
  if (input.writeBaselineFile) {
    baselineWritten = resolve(input.writeBaselineFile)
    const { writeBaselineFile } = await import('./baseline-file.js')
    await writeBaselineFile(baselineWritten, kept)
  } else if (input.baselineFile) {
    const { readBaselineFile } = await import('./baseline-file.js')
    const known = await readBaselineFile(input.baselineFile)
    findings = kept.filter((f) => !known.has(f.fingerprint))
    suppressed += kept.length - findings.length
  }
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
  const stats: ScanStats = { ...totals, suppressed, durationMs: now() - started }
  return {
    findings,
    stats,
    rules,
    root,
    ...(baselineWritten ? { baselineWritten } : {}),
    ...(coverage ? { coverage } : {}),
  }
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
