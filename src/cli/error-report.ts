import { ExitCode, isSecretsError } from '../shared/errors.js'
import { useColor } from '../shared/terminal.js'

/** An error as commands see it: ours (SecretsError), oclif's (with `oclif.exit`) or a bug. */
export type CommandError = Error & { exitCode?: number; oclif?: { exit?: number } }

/** Returns the exit code SPEC.md gives an error; `internal` is the code for bugs. */
export function exitCodeFor(error: CommandError, internal: number = ExitCode.internal): number {
  if (isSecretsError(error)) return error.exitCode
  // oclif's own errors: parse failures (unknown flag, missing argument) and this.exit().
  if (error.oclif?.exit !== undefined) return error.oclif.exit === 1 ? ExitCode.usage : error.oclif.exit
  if (error.name === 'ExitPromptError') return 130
  return internal
}

/**
 * Writes the error for humans on stderr (message, then `next:` with the hint), and as JSON
 * on stdout when the command was asked for `--json`. Never prints a stack unless
 * SECRETS_DEBUG is set.
 */
export function reportError(
  error: CommandError,
  code: number,
  options: { commandId: string; json: boolean },
): void {
  const label = useColor(process.stderr) ? '\u001B[31merror\u001B[39m' : 'error'
  if (isSecretsError(error)) {
    process.stderr.write(`secrets: ${label}: ${error.message}\n`)
    if (error.hint) process.stderr.write(`  next: ${error.hint}\n`)
    if (options.json) {
      const body = { code: error.code, message: error.message, hint: error.hint ?? null, exitCode: code }
      process.stdout.write(`${JSON.stringify({ error: body })}\n`)
    }
  } else if (error.oclif?.exit !== undefined) {
    process.stderr.write(
      `secrets: ${label}: ${error.message}\n  next: see \`secrets ${options.commandId} --help\`\n`,
    )
  } else if (error.name !== 'ExitPromptError') {
    process.stderr.write(
      `secrets: ${label}: unexpected failure: ${error.name}: ${firstLine(error.message)}\n`,
    )
    process.stderr.write('  This is a bug in secrets; please report it. Set SECRETS_DEBUG=1 for the stack.\n')
    if (process.env.SECRETS_DEBUG) process.stderr.write(`${error.stack ?? ''}\n`)
  }
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 300)
}

/** For the start-up fast paths (no oclif): reports the error like BaseCommand and returns its exit code. */
export function reportFailure(
  error: unknown,
  commandId: string,
  mapCode: (code: number) => number = (c) => c,
): number {
  const code = mapCode(exitCodeFor(error as CommandError))
  reportError(error as CommandError, code, { commandId, json: false })
  return code
}
