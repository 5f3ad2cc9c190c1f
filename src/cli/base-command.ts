import { Command } from '@oclif/core/command'
import { ExitCode } from '../shared/errors.js'
import { asLocalEnvError, asUsageError, exitCodeFor, reportError, type CommandError } from './error-report.js'

/**
 * Every command extends this. It owns one thing: turning errors into the exit codes of
 * SPEC.md and a message with the next step on stderr. Commands never call process.exit.
 */
export abstract class BaseCommand extends Command {
  /** Exit code for unexpected failures (bugs). */
  protected internalExitCode: number = ExitCode.internal

  protected override async catch(thrown: CommandError): Promise<void> {
    const context = { commandId: this.id ?? '', flagNames: Object.keys(this.ctor.flags ?? {}) }
    const error = asUsageError(asLocalEnvError(thrown), context)
    const code = this.exitCodeFor(error)
    if (code === ExitCode.ok) return
    reportError(error, code, { ...context, json: this.argv.includes('--json') })
    process.exitCode = code
  }

  protected exitCodeFor(error: CommandError): number {
    return exitCodeFor(error, this.internalExitCode)
  }
}
