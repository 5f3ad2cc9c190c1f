import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { UsageError } from '../../shared/errors.js'
import { parseBaseline, readBaselineFile, type Baseline } from './baseline-file.js'
import { BUILTIN_RULES, parseScanConfig, type Finding, type Rule, type ScanConfig } from './engine/index.js'
import { GitError, historyRevisionArgs, runGit } from './git-source.js'

/** The finding a range reports when it changes its own scan policy. */
export const POLICY_RULE: Rule = {
  id: 'scan-policy-changed',
  title: 'Scan policy changed by the commits scanned (the "scan" section of .secretsrc.json or the baseline)',
  keywords: ['scan-policy-changed'],
  pattern: /(?!)/g,
}

/** What a `--range` scan obeys: the base revision's policy, and the range's changes to it as findings. */
export interface RangePolicy {
  config: ScanConfig
  /** Where the config came from, for messages (`.secretsrc.json at main`). */
  configFile: string
  /** Absolute directory the config's globs are relative to. */
  configDir: string
  baseline: Baseline | undefined
  /** The baseline as the summary names it. */
  baselineShown: string | undefined
  findings: Finding[]
}

/**
 * A pull request must not decide how it is scanned: in `--range BASE..HEAD` the `scan`
 * section of .secretsrc.json and the baseline are read from BASE (git, not the work tree,
 * which is the PR's), and every change the range makes to either is a `scan-policy-changed`
 * finding of its own (exit 1), attributed to the newest commit of the range that made it. A
 * baseline given with --baseline outside the work tree (the CI's own file) is read from disk.
 */
export async function rangePolicy(
  top: string,
  range: string,
  project: { file: string; scan?: Record<string, unknown> | undefined } | undefined,
  baseline: { file?: string | undefined; none?: boolean | undefined },
): Promise<RangePolicy> {
  const [head = 'HEAD', , base = ''] = historyRevisionArgs({ range })
  const configRel =
    project && inside(top, project.file) ? posix(relative(top, project.file)) : '.secretsrc.json'
  const findings: Finding[] = []
  const [baseText, headText] = await Promise.all([showAt(top, base, configRel), showAt(top, head, configRel)])
  const baseScan = scanSection(baseText, `${configRel} at ${base}`)
  const config = parseScanConfig(baseScan, `${configRel} at ${base}`, new Set(BUILTIN_RULES.map((r) => r.id)))
  let headScan: unknown
  try {
    headScan = scanSection(headText, configRel)
  } catch {
    headScan = { unparsable: true }
  }
  if (canonical(baseScan) !== canonical(headScan))
    findings.push(await policyFinding(top, head, base, configRel, 'the "scan" section changed'))

  let read: Baseline | undefined
  let shown: string | undefined
  if (!baseline.none) {
    const abs = resolve(baseline.file ?? join(top, '.secrets-baseline.json'))
    if (baseline.file && !inside(top, abs)) {
      read = await readBaselineFile(abs)
      shown = abs
    } else {
      const rel = posix(relative(top, abs))
      const [atBase, atHead] = await Promise.all([blobAt(top, base, rel), blobAt(top, head, rel)])
      if (atBase !== atHead) findings.push(await policyFinding(top, head, base, rel, 'the baseline changed'))
      const text = atBase ? await showAt(top, base, rel) : undefined
      if (text !== undefined) {
        read = parseBaseline(text, abs)
        shown = `${rel} at ${base}`
      } else if (baseline.file)
        throw new UsageError(`--baseline ${baseline.file} does not exist at ${base}, the base of --range.`, {
          hint: 'In a --range scan the baseline is read from the base revision; pass a file outside the work tree to use it as is.',
        })
    }
  }
  return {
    config,
    configFile: `${configRel} at ${base}`,
    configDir: dirname(join(top, configRel)),
    baseline: read,
    baselineShown: shown,
    findings,
  }
}

function inside(top: string, file: string): boolean {
  const rel = relative(top, file)
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel)
}

function posix(path: string): string {
  return path.split(sep).join('/')
}

/** A file's content at a revision, or undefined when the revision has no such file. */
async function showAt(top: string, rev: string, rel: string): Promise<string | undefined> {
  try {
    return (await runGit(top, ['cat-file', 'blob', `${rev}:${rel}`])).toString('utf8')
  } catch (error) {
    if (error instanceof GitError) return undefined
    throw error
  }
}

/** The blob id of a file at a revision, or undefined. */
async function blobAt(top: string, rev: string, rel: string): Promise<string | undefined> {
  try {
    return (await runGit(top, ['rev-parse', '--verify', '--quiet', `${rev}:${rel}`])).toString('utf8').trim()
  } catch (error) {
    if (error instanceof GitError) return undefined
    throw error
  }
}

function scanSection(text: string | undefined, file: string): Record<string, unknown> | undefined {
  if (text === undefined) return undefined
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw new UsageError(`${file} is not valid JSON.`, { hint: `Fix ${file}.` })
  }
  const scan = (data as { scan?: unknown })?.scan
  return scan && typeof scan === 'object' && !Array.isArray(scan)
    ? (scan as Record<string, unknown>)
    : undefined
}

/** JSON with sorted keys, so a reordering is not a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  )
}

async function policyFinding(
  top: string,
  head: string,
  base: string,
  rel: string,
  what: string,
): Promise<Finding> {
  const out = (
    await runGit(top, ['log', '-1', '--format=%H%x02%an <%ae>%x02%aI', head, '--not', base, '--', rel])
  )
    .toString('utf8')
    .trim()
  const [sha = '', author = '', date = ''] = out.split('\x02')
  return {
    ruleId: POLICY_RULE.id,
    title: POLICY_RULE.title,
    path: rel,
    line: 1,
    column: 1,
    endColumn: 1,
    secret: '',
    redacted: `${what} (the base revision's policy was applied)`,
    fingerprint: '',
    ...(sha ? { commit: { sha, author, date } } : {}),
  }
}
