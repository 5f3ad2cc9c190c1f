import {
  LeaksFoundError,
  formatReport,
  summarizeScan,
  type ReportFormat,
  type ScanResult,
} from '../core/scan/index.js'

/** A progress line on stderr when it is a terminal (`scanning 120/5000`), else nothing. */
export function scanProgress(): { onProgress?: (done: number, total: number) => void; clear(): void } {
  if (!process.stderr.isTTY) return { clear: () => {} }
  return {
    onProgress: (done, total) => process.stderr.write(`\rscanning ${done}/${total}`),
    clear: () => process.stderr.write('\r\u001B[K'),
  }
}

/**
 * Presents a scan: the report on stdout (redacted unless showSecrets), the summary on stderr,
 * and LeaksFoundError (exit 1) when anything was found.
 */
export function presentScan(
  result: ScanResult,
  options: { format: ReportFormat; showSecrets: boolean; version: string },
): void {
  if (result.baselineWritten) {
    process.stderr.write(`Wrote ${result.findings.length} fingerprint(s) to ${result.baselineWritten}.\n`)
    return
  }
  const report = formatReport(result.findings, result.stats, options.format, {
    showSecrets: options.showSecrets,
    rules: result.rules,
    version: options.version,
  })
  process.stdout.write(report)
  process.stderr.write(summarizeScan(result))
  if (result.findings.length > 0) {
    throw new LeaksFoundError(result.findings.length, new Set(result.findings.map((f) => f.path)).size)
  }
}
