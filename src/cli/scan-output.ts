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
import type { HumanOutput } from '../shared/human-output.js'
import { humanOutput, printResult, stdoutIsTerminal } from './present.js'

/** How a scan is presented: the report format, whether secrets show, the version for SARIF. */
export interface ScanOutputOptions {
  format: ReportFormat
  showSecrets: boolean
  version: string
  /** Name every blob the scan could not read (stderr). */
  verbose?: boolean
  /** Exit 5 when a git scan did not read everything it meant to (and found nothing). */
  requireFullHistory?: boolean
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
  const report = formatReport(result.findings, result.stats, options.format, {
    showSecrets: options.showSecrets,
    rules: result.rules,
    version: options.version,
    coverage: result.coverage,
  })
  // What was not read comes first, so no one stops reading at a "clean" report.
  for (const notice of coverageNotices(result.coverage, options.verbose ?? false)) human.warn(notice.text)
  printResult(report)
  human.notice(summarizeScan(result))
  if (result.findings.length > 0) {
    throw new LeaksFoundError(result.findings.length, new Set(result.findings.map((f) => f.path)).size)
  }
  if (options.requireFullHistory && result.coverage && !coverageComplete(result.coverage))
    throw new HistoryIncompleteError(result.coverage)
}
