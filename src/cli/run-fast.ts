import { appContext } from './context.js'
import { reportFailure } from './error-report.js'
import { parseRunArgv } from './run-argv.js'
import { runExitCode, runFromFlags } from './run-context.js'

/**
 * `secrets run` without loading oclif, for the common case of plain argv: resolves to the
 * exit status, or undefined when oclif must handle the argv (help, usage errors).
 */
export async function runFast(argv: string[]): Promise<number | undefined> {
  const parsed = parseRunArgv(argv)
  if (!parsed) return undefined
  try {
    return await runFromFlags(parsed.flags, parsed.command, appContext())
  } catch (error) {
    return reportFailure(error, 'run', runExitCode)
  }
}
