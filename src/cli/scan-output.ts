import {
  HistoryIncompleteError,
  checkSecretDisplay,
  coverageComplete,
  coverageNotices,
  LeaksFoundError,
  formatReport,
  notScannedReason,
  oldFormatNotice,
  quoteForTerminal,
  summarizeScan,
  type ReportFormat,
  type RuleListing,
  type ScanResult,
} from '../core/scan/index.js'
import { isAbsolute, join, relative, sep } from 'node:path'
import type { HumanOutput } from '../shared/human-output.js'
import { formatColumns } from '../shared/table.js'
import { humanOutput, printResult, stdoutIsTerminal } from './present.js'

/** How a scan is presented: the report format, whether secrets show, the version for SARIF. */
export interface ScanOutputOptions {
  format: ReportFormat
  showSecrets: boolean
  version: string
  /** Name every file skipped as oversized and every blob the scan could not read (stderr). */
  verbose?: boolean
  /** Exit 5 when a git scan did not read everything it meant to (and found nothing). */
  requireFullHistory?: boolean
  /** Paths are shown relative to this directory (default: the process's current directory). */
  cwd?: string
  /** Colour the text report (default: stdout is a terminal and NO_COLOR is unset). */
  color?: boolean
}

/** Colour on a terminal unless NO_COLOR is set (https://no-color.org), or FORCE_COLOR=0. */
export function colorWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR === '0') return false
  return stdoutIsTerminal()
}

/**
 * How a path (relative to the scan root) is shown: relative to `cwd` as ripgrep and git
 * print them when the file is inside it, else absolute, so it is never ambiguous.
 */
export function displayPathFrom(cwd: string, root: string): (path: string) => string {
  return (path) => {
    const abs = join(root, path)
    const rel = relative(cwd, abs)
    const shown = rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? abs : rel
    return shown.split(sep).join('/')
  }
}

/** Refuses output options this stdout cannot take (--show-secrets into a pipe); call before scanning. */
export function checkScanOutput(options: Pick<ScanOutputOptions, 'showSecrets'>): void {
  checkSecretDisplay(options.showSecrets, stdoutIsTerminal())
}

/** A progress line through the human port (`scanning 120/5000`, on a terminal only) and its clearing. */
export function scanProgress(human: HumanOutput = humanOutput()): {
  onProgress: (done: number, total: number) => void
  clear(): void
} {
  return {
    onProgress: (done, total) => human.progress(`scanning ${done}/${total}`),
    clear: () => human.endProgress(),
  }
}

/**
 * Presents a scan: warnings for what a git scan could not read, the report on stdout (redacted
 * unless showSecrets), the summary for the human, and LeaksFoundError (exit 1) when anything
 * was found, else HistoryIncompleteError (exit 5) under --require-full-history.
 */
export function presentScan(
  result: ScanResult,
  options: ScanOutputOptions,
  human: HumanOutput = humanOutput(),
): void {
  if (result.baselineWritten) {
    const c = result.baselineWritten
    const shown = quoteForTerminal(c.file)
    human.notice(
      `Baseline ${shown}: ${c.added} added, ${c.kept} kept${c.converted > 0 ? `, ${c.converted} converted from the version 1 format` : ''}${c.pruned > 0 || c.legacyLeft === 0 ? `, ${c.pruned} pruned` : ''}.\n`,
    )
    if (c.legacyLeft > 0)
      human.warn(
        `${c.legacyLeft} version 1 entr${c.legacyLeft === 1 ? 'y was' : 'ies were'} not found by this scan and ${c.legacyLeft === 1 ? 'is' : 'are'} kept as ${c.legacyLeft === 1 ? 'it is' : 'they are'} (a fast hash that can be guessed): a scan that finds ${c.legacyLeft === 1 ? 'it' : 'them'} (\`--history\`) converts ${c.legacyLeft === 1 ? 'it' : 'them'}, --prune drops ${c.legacyLeft === 1 ? 'it' : 'them'}.`,
      )
    return
  }
  const displayPath = displayPathFrom(options.cwd ?? process.cwd(), result.root)
  const report = formatReport(result.findings, result.stats, options.format, {
    showSecrets: options.showSecrets,
    rules: result.rules,
    version: options.version,
    coverage: result.coverage,
    displayPath,
    root: result.root,
    color: options.color ?? colorWanted(),
  })
  // What was not read comes first, so no one stops reading at a "clean" report.
  for (const notice of coverageNotices(result.coverage, options.verbose ?? false))
    human.warn(quoteControls(notice.text))
  if (result.baselineOldFormat) human.notice(oldFormatNotice(quoteForTerminal(result.baselineOldFormat)))
  printResult(report)
  const notScanned = result.stats.notScanned ?? []
  // A project rule that ran out of time is a gap in what was checked: always said.
  for (const entry of notScanned)
    if (entry.reason === 'rule-timeout')
      human.warn(`${quoteForTerminal(displayPath(entry.path))}: ${notScannedReason(entry)}.`)
  if (options.verbose) {
    for (const file of result.stats.oversizedFiles ?? [])
      human.notice(
        `secrets scan: skipped ${quoteForTerminal(displayPath(file.path))} (${file.size} bytes, over scan.maxFileSize)\n`,
      )
    for (const entry of notScanned)
      if (entry.reason !== 'rule-timeout')
        human.notice(
          `secrets scan: skipped ${quoteForTerminal(displayPath(entry.path))} (${notScannedReason(entry)})\n`,
        )
  }
  human.notice(
    summarizeScan({
      ...result,
      unit: result.mode === 'history' || result.mode === 'staged' ? 'blob' : 'file',
    }),
  )
  if (result.findings.length > 0) {
    throw new LeaksFoundError(
      result.findings.length,
      new Set(result.findings.map((f) => f.path)).size,
      result.mode ?? 'tree',
    )
  }
  if (options.requireFullHistory && result.coverage && !coverageComplete(result.coverage))
    throw new HistoryIncompleteError(result.coverage)
}

/** Control characters in a notice that carries a path from git (already sentence text) are escaped. */
function quoteControls(text: string): string {
  // eslint-disable-next-line no-control-regex -- the point is to find control characters
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => quoteForTerminal(ch).slice(1, -1))
}

/** `scan --list-rules`: one rule a line, in columns (id, description, source). */
export function formatRuleList(rules: readonly RuleListing[]): string {
  const rows = rules.map((r) => [
    quoteForTerminal(r.id),
    quoteForTerminal(r.description),
    `${quoteForTerminal(r.source)}${r.disabled ? ' (off: scan.allowRules)' : ''}`,
  ])
  // The shared columns (display widths); a header only for a human at a terminal.
  const header = stdoutIsTerminal() ? [['ID', 'DESCRIPTION', 'SOURCE']] : []
  return `${formatColumns([...header, ...rows])}\n`
}
