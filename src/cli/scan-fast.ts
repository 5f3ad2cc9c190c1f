import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { FORMATS, scanProject, type ReportFormat } from '../core/scan/index.js'
import { reportFailure } from './error-report.js'
import { presentScan, scanProgress } from './scan-output.js'

/**
 * The flags of `secrets scan` the start-up fast path accepts: the pre-commit hook's
 * `scan --staged` and plain tree scans. Anything else goes to the oclif command. A unit test
 * keeps these definitions identical to the command's.
 */
export const SCAN_FAST_OPTIONS = {
  staged: { type: 'boolean' },
  format: { type: 'string', default: 'text' },
} as const

/** Parses plain `scan` argv; undefined when oclif must handle it (help, other flags, errors). */
export function parseScanArgv(
  argv: string[],
): { path: string; staged: boolean; format: ReportFormat } | undefined {
  if (argv.some((a) => a === '--' || a === '--help' || a === '-h')) return undefined
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      options: SCAN_FAST_OPTIONS,
      strict: true,
      allowPositionals: true,
      tokens: true,
    })
  } catch {
    return undefined
  }
  const names = (parsed.tokens ?? []).flatMap((t) => (t.kind === 'option' ? [t.name] : []))
  if (new Set(names).size !== names.length || parsed.positionals.length > 1) return undefined
  const format = parsed.values.format
  if (!(FORMATS as readonly string[]).includes(format)) return undefined
  return {
    path: parsed.positionals[0] ?? '.',
    staged: parsed.values.staged ?? false,
    format: format as ReportFormat,
  }
}

/**
 * `secrets scan` without loading oclif (~70 ms), so the pre-commit hook stays quick: resolves
 * to the exit status, or undefined when the oclif command must handle the argv.
 */
export async function scanFast(argv: string[], packageJson: URL): Promise<number | undefined> {
  const parsed = parseScanArgv(argv)
  if (!parsed) return undefined
  try {
    const progress = scanProgress()
    const result = await scanProject(
      { target: parsed.path, mode: parsed.staged ? 'staged' : 'tree' },
      progress.onProgress ? { onProgress: progress.onProgress } : {},
    )
    progress.clear()
    const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }
    presentScan(result, { format: parsed.format, showSecrets: false, version })
    return 0
  } catch (error) {
    return reportFailure(error, 'scan')
  }
}
