import { ExitCode, LocalEnvError, isSecretsError, systemErrorCode } from '../shared/errors.js'
import { fdOutput } from '../shared/fd-output.js'
import { useColor } from '../shared/terminal.js'
import { didYouMean, usageErrorFromParse } from './parse-error.js'

export { didYouMean } from './parse-error.js'

/** An error as commands see it: ours (SecretsError), oclif's (with `oclif.exit`) or a bug. */
export type CommandError = Error & { exitCode?: number; oclif?: { exit?: number } }

/** File-system failures that are the local environment's, not a bug: exit 5 with the path. */
const LOCAL_FS_CODES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
}

/**
 * An unwritable or unreadable config, cache or data directory (a Node system error with a
 * path) as a LocalEnvError naming the path, so it is exit 5 with a next step, never
 * "a bug in secrets". Other errors come back unchanged.
 */
export function asLocalEnvError(error: CommandError): CommandError {
  if (isSecretsError(error)) return error
  const code = systemErrorCode(error)
  const path = (error as { path?: unknown }).path
  const why = code ? LOCAL_FS_CODES[code] : undefined
  if (!why || typeof path !== 'string') return error
  return new LocalEnvError(`Cannot use ${path}: ${why} (${code}).`, {
    hint: 'Fix the permissions or space of that directory (it is under XDG_CONFIG_HOME / XDG_CACHE_HOME, else ~/.config and ~/.cache), or point those variables at a writable directory.',
    cause: error,
    code: 'LocalFileError',
  })
}

/**
 * oclif's parse failures (unknown or exclusive flags, a missing flag or argument) as our own
 * UsageError, so they are reported in one style, with a `next:` line and as the `--json`
 * error object. `this.exit()` and our own errors come back unchanged.
 */
export function asUsageError(
  error: CommandError,
  context: { commandId: string; flagNames: readonly string[] },
): CommandError {
  if (isSecretsError(error) || error.oclif?.exit === undefined) return error
  if ((error as { code?: unknown }).code === 'EEXIT') return error
  return usageErrorFromParse(error, context)
}

/** The `next:` line's text: every hint starts with a capital and ends with a full stop. */
export function formatHint(hint: string): string {
  const text = hint.trim()
  const first = text.charAt(0)
  const start = first >= 'a' && first <= 'z' ? `${first.toUpperCase()}${text.slice(1)}` : text
  return /[.?!)]$/.test(start) ? start : `${start}.`
}

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
  options: { commandId: string; json: boolean; flagNames?: readonly string[] },
): void {
  // Through fd-output, the process's one writer of fd 1 and 2: in order with what the command
  // wrote before it failed, and without creating a stream just to report.
  const stderr = fdOutput('stderr')
  const label = useColor({ isTTY: stderr.isTerminal() }) ? '\u001B[31merror\u001B[39m' : 'error'
  if (isSecretsError(error)) {
    stderr.write(`secrets: ${label}: ${error.message}\n`)
    const hint = error.hint ? formatHint(error.hint) : undefined
    if (hint) stderr.write(`  next: ${hint}\n`)
    if (options.json) {
      const body = { code: error.code, message: error.message, hint: hint ?? null, exitCode: code }
      fdOutput('stdout').write(`${JSON.stringify({ error: body })}\n`)
    }
  } else if (error.oclif?.exit !== undefined) {
    const command = options.commandId.replaceAll(':', ' ')
    const hint = didYouMean(error, options.flagNames ?? [])
    stderr.write(
      `secrets: ${label}: ${parseMessage(error.message)}\n` +
        (hint ? `  ${hint}\n` : '') +
        `  next: see \`secrets ${command} --help\`\n`,
    )
  } else if (error.name !== 'ExitPromptError') {
    stderr.write(`secrets: ${label}: unexpected failure: ${error.name}: ${firstLine(error.message)}\n`)
    stderr.write('  This is a bug in secrets; please report it. Set SECRETS_DEBUG=1 for the stack.\n')
    if (process.env.SECRETS_DEBUG) stderr.write(`${error.stack ?? ''}\n`)
  }
}

/** oclif's parse message without its own help pointer: we print exactly one. */
export function parseMessage(message: string): string {
  return message
    .split('\n')
    .filter((line) => !/^\s*See more help with --help\s*$/.test(line))
    .join('\n')
    .trimEnd()
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 300)
}

/** For the start-up fast paths (no oclif): reports the error like BaseCommand and returns its exit code. */
export function reportFailure(
  error: unknown,
  commandId: string,
  mapCode: (code: number) => number = (c) => c,
  json = false,
): number {
  const local = asLocalEnvError(error as CommandError)
  const code = mapCode(exitCodeFor(local))
  reportError(local, code, { commandId, json })
  return code
}
