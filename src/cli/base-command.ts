import { Command } from '@oclif/core/command'
import { ExitCode, isSecretsError } from '../shared/errors.js'
import { useColor } from '../shared/terminal.js'

/**
 * Every command extends this. It owns one thing: turning errors into the exit codes of
 * SPEC.md and a message with the next step on stderr. Commands never call process.exit.
 */
export abstract class BaseCommand extends Command {
  /** Exit code for unexpected failures (bugs). */
  protected internalExitCode: number = ExitCode.internal

  protected override async catch(
    error: Error & { exitCode?: number; oclif?: { exit?: number } },
  ): Promise<void> {
    const code = this.exitCodeFor(error)
    if (code === ExitCode.ok) return
    const color = useColor(process.stderr)
    const label = color ? '\u001B[31merror\u001B[39m' : 'error'
    if (isSecretsError(error)) {
      process.stderr.write(`secrets: ${label}: ${error.message}\n`)
      if (error.hint) process.stderr.write(`  next: ${error.hint}\n`)
      if (this.jsonRequested()) {
        process.stdout.write(
          `${JSON.stringify({ error: { code: error.code, message: error.message, hint: error.hint ?? null, exitCode: code } })}\n`,
        )
      }
    } else if (error.oclif?.exit !== undefined) {
      process.stderr.write(
        `secrets: ${label}: ${error.message}\n  next: see \`secrets ${this.id ?? ''} --help\`\n`,
      )
    } else if (error.name !== 'ExitPromptError') {
      process.stderr.write(
        `secrets: ${label}: unexpected failure: ${error.name}: ${firstLine(error.message)}\n`,
      )
      process.stderr.write(
        '  This is a bug in secrets; please report it. Set SECRETS_DEBUG=1 for the stack.\n',
      )
      if (process.env.SECRETS_DEBUG) process.stderr.write(`${error.stack ?? ''}\n`)
    }
    process.exitCode = code
  }

  protected exitCodeFor(error: Error & { exitCode?: number; oclif?: { exit?: number } }): number {
    if (isSecretsError(error)) return error.exitCode
    // oclif's own errors: parse failures (unknown flag, missing argument) and this.exit().
    if (error.oclif?.exit !== undefined) return error.oclif.exit === 1 ? ExitCode.usage : error.oclif.exit
    if (error.name === 'ExitPromptError') return 130
    return this.internalExitCode
  }

  private jsonRequested(): boolean {
    return this.argv.includes('--json')
  }
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 300)
}
