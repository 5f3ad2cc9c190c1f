import { listRules, scanInputOf, scanProject, type ReportFormat, type ScanFlags } from '../core/scan/index.js'
import { UsageError } from '../shared/errors.js'
import { humanOutput, printResult } from './present.js'
import { scanExtraDeps } from './scan-deps.js'
import { checkScanOutput, formatRuleList, presentScan, scanProgress } from './scan-output.js'

/** Every flag of `secrets scan`, as either parser (oclif or the start-up fast path) hands them over. */
export interface ScanCommandFlags extends ScanFlags {
  format: string
  verbose?: boolean
  'require-full-history'?: boolean
  'list-rules'?: boolean
  'show-secrets'?: boolean
}

/**
 * `secrets scan [PATH]` once its argv is parsed: the one body both the oclif command and the
 * fast path run, so their output and exit codes cannot differ. Throws what the command
 * reports (LeaksFoundError: exit 1, HistoryIncompleteError: exit 5, usage and local errors).
 */
export async function runScanCommand(path: string, flags: ScanCommandFlags, version: string): Promise<void> {
  if (flags['list-rules']) return printResult(formatRuleList(await listRules(path)))
  const output = {
    format: flags.format as ReportFormat,
    showSecrets: flags['show-secrets'] === true,
    verbose: flags.verbose === true,
    requireFullHistory: flags['require-full-history'] === true,
  }
  checkScanOutput(output)
  const progress = scanProgress()
  const input = scanInputOf(path, flags)
  const extra = await scanExtraDeps(input)
  const threads = scanThreadsFrom(process.env)
  const result = await scanProject(input, {
    ...extra,
    ...(threads ? { threads } : {}),
    onProgress: progress.onProgress,
    warn: (message) => humanOutput().warn(message),
  })
  progress.clear()
  presentScan(result, { ...output, version })
}

/**
 * `SECRETS_SCAN_THREADS=N`: the cores a large scan uses (the main thread included, at most 8),
 * instead of the default (every core from three up; one on a two-core machine, where a worker
 * thread costs more CPU than it saves). Unset or empty: the default.
 */
export function scanThreadsFrom(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.SECRETS_SCAN_THREADS
  if (value === undefined || value === '') return undefined
  if (!/^[1-9][0-9]{0,2}$/.test(value))
    throw new UsageError(
      `SECRETS_SCAN_THREADS must be a whole number of threads from 1, not ${JSON.stringify(value.slice(0, 20))}.`,
      {
        hint: 'Set it to 1 (no worker threads) up to 8, or unset it for the default.',
      },
    )
  return Number(value)
}
