import {
  checkSecretDisplay,
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
 * Presents a scan: the report on stdout (redacted unless showSecrets), the summary for the
 * human, and LeaksFoundError (exit 1) when anything was found.
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
  })
  printResult(report)
  human.notice(summarizeScan(result))
  if (result.findings.length > 0) {
    throw new LeaksFoundError(result.findings.length, new Set(result.findings.map((f) => f.path)).size)
  }
}
