import {
  HistoryIncompleteError,
  checkSecretDisplay,
  coverageComplete,
  coverageNotices,
  LeaksFoundError,
  formatReport,
  summarizeScan,
  type ReportFormat,
  type ScanResult,
} from '../core/scan/index.js'
import { isAbsolute, join, relative, sep } from 'node:path'
import type { HumanOutput } from '../shared/human-output.js'
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
    human.notice(`Wrote ${result.findings.length} fingerprint(s) to ${result.baselineWritten}.`)
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
  })
  // What was not read comes first, so no one stops reading at a "clean" report.
  for (const notice of coverageNotices(result.coverage, options.verbose ?? false)) human.warn(notice.text)
  printResult(report)
  if (options.verbose) {
    for (const file of result.stats.oversizedFiles ?? [])
      human.notice(
        `secrets scan: skipped ${displayPath(file.path)} (${file.size} bytes, over scan.maxFileSize)\n`,
      )
  }
  human.notice(summarizeScan(result))
  if (result.findings.length > 0) {
    throw new LeaksFoundError(result.findings.length, new Set(result.findings.map((f) => f.path)).size)
  }
  if (options.requireFullHistory && result.coverage && !coverageComplete(result.coverage))
    throw new HistoryIncompleteError(result.coverage)
}
