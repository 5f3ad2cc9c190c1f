import { ExitCode, SecretsError } from '../../../shared/errors.js'
import type { ScanStats } from './report-format.js'
import type { Finding } from './types.js'

/** The scan found secrets: exit 1, with the next step. Carries counts, never secrets. */
export class LeaksFoundError extends SecretsError {
  constructor(count: number, files: number) {
    super(
      `${count} secret${count === 1 ? '' : 's'} found in ${files} file${files === 1 ? '' : 's'}.`,
      ExitCode.found,
      {
        hint: 'Remove and revoke them; for a false positive add a `secrets:allow` comment on the line, allow it in .secretsrc.json "scan", or use --baseline (see docs/scan.md).',
        code: 'SecretsFound',
      },
    )
  }
}

/** One line for stderr: what was scanned, skipped and suppressed, and how fast. */
export function summarizeScan(result: { findings: readonly Finding[]; stats: ScanStats }): string {
  const { stats } = result
  const mb = stats.bytes / 1e6
  const seconds = Math.max(stats.durationMs, 1) / 1000
  const skipped = stats.skippedBinary + stats.skippedOversized + stats.skippedUnreadable
  const parts = [
    `scanned ${stats.files} file${stats.files === 1 ? '' : 's'} (${mb.toFixed(1)} MB) in ${seconds.toFixed(2)}s`,
    `skipped ${skipped} (${stats.skippedBinary} binary, ${stats.skippedOversized} oversized, ${stats.skippedUnreadable} unreadable)`,
  ]
  if (stats.suppressed > 0) parts.push(`${stats.suppressed} suppressed by allowlist/baseline`)
  parts.push(`${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}`)
  return `secrets scan: ${parts.join('; ')}\n`
}
