import { ExitCode, SecretsError } from '../../../shared/errors.js'
import type { ScanStats } from './report-format.js'
import { quoteForTerminal } from './terminal-text.js'
import type { Finding } from './types.js'

/** Which scan found the secrets: the advice differs (a commit can still be fixed, history cannot). */
export type FoundIn = 'tree' | 'staged' | 'history'

const ADVICE: Record<FoundIn, string> = {
  tree: 'Remove and revoke them, and load them at run time (`secrets run`); for a false positive add a `secrets:allow` comment on the line, allow it under "scan" in .secretsrc.json, or accept it in the baseline (`secrets scan --write-baseline .secrets-baseline.json`; see docs/scan.md).',
  // The pre-commit hook's one set of advice (the hook prints nothing of its own).
  staged:
    'Commit blocked. Remove the secret, load it at run time instead (`secrets run`), and revoke it if it was real. A false positive: a `secrets:allow` comment on that line, the path or rule under "scan" in .secretsrc.json, or `secrets scan --staged --write-baseline .secrets-baseline.json`. To bypass the hook once: `git commit --no-verify`.',
  history:
    'These secrets are in the git history, where every clone keeps them: revoke and rotate each one (that is the fix); then accept the old ones in the baseline (`secrets scan --history --write-baseline .secrets-baseline.json`, committed) or rewrite the history (`git filter-repo`, then every clone re-clones). A `secrets:allow` comment cannot change history.',
}

/** The scan found secrets: exit 1, with the next step. Carries counts, never secrets. */
export class LeaksFoundError extends SecretsError {
  constructor(count: number, files: number, foundIn: FoundIn = 'tree') {
    const where = foundIn === 'history' ? 'path' : 'file'
    super(
      `${count} secret${count === 1 ? '' : 's'} found in ${files} ${where}${files === 1 ? '' : 's'}${foundIn === 'staged' ? ' staged for this commit' : foundIn === 'history' ? ' of the git history' : ''}.`,
      ExitCode.found,
      { hint: ADVICE[foundIn], code: 'SecretsFound' },
    )
  }
}

/** What the summary says about the baseline applied (or written). */
export interface BaselineSummary {
  /** The file as shown to the user. */
  file: string
  /** Findings it suppressed. */
  suppressed: number
}

/** One line for stderr: what was scanned, skipped and suppressed, and how fast. */
export function summarizeScan(result: {
  findings: readonly Finding[]
  stats: ScanStats
  unit?: 'file' | 'blob'
  baseline?: BaselineSummary | undefined
}): string {
  const { stats } = result
  const unit = result.unit ?? 'file'
  const mb = stats.bytes / 1e6
  const seconds = Math.max(stats.durationMs, 1) / 1000
  const links = stats.skippedLinks ?? 0
  const special = stats.skippedSpecial ?? 0
  const deep = stats.skippedTooDeep ?? 0
  const skipped =
    stats.skippedBinary + stats.skippedOversized + stats.skippedUnreadable + links + special + deep
  const kinds = [
    `${stats.skippedBinary} binary`,
    `${stats.skippedOversized} oversized`,
    `${stats.skippedUnreadable} unreadable`,
    ...(links > 0 ? [`${links} symlink${links === 1 ? '' : 's'}`] : []),
    ...(special > 0 ? [`${special} not regular`] : []),
    ...(deep > 0 ? [`${deep} too deep`] : []),
  ]
  const parts = [
    `scanned ${stats.files} ${unit}${stats.files === 1 ? '' : 's'} (${mb.toFixed(1)} MB) in ${seconds.toFixed(2)}s`,
    `skipped ${skipped} (${kinds.join(', ')})`,
  ]
  if (stats.suppressed > 0) {
    const inline = stats.suppressedInline ?? 0
    const baseline = stats.suppressedBaseline ?? 0
    const rest = stats.suppressed - inline - baseline
    parts.push(
      `${stats.suppressed} suppressed (${inline} secrets:allow, ${rest} allowlist, ${baseline} baseline)`,
    )
  }
  if (result.baseline) parts.push(`baseline ${quoteForTerminal(result.baseline.file)} applied`)
  parts.push(`${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}`)
  return `secrets scan: ${parts.join('; ')}\n`
}
