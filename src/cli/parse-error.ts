import { UsageError } from '../shared/errors.js'
import { suggestions } from './suggest.js'

/**
 * oclif's parse failures ("The following errors occurred: …", "Missing required flag
 * profile", "Nonexistent flag: --pth") as the project's own UsageError: one line that says
 * what is wrong, and a `next:` hint. Pure, so every shape is table-tested; the reporter
 * prints it like any other error (and as the `--json` error object).
 */

/** What the parse failure is about: the command, its flag names, its raw argv. */
export interface ParseContext {
  commandId: string
  flagNames: readonly string[]
}

/** An oclif parse error as oclif throws it (only the fields we read). */
export interface OclifParseError {
  message: string
  args?: unknown
  flags?: unknown
  oclif?: { exit?: number }
}

/** Converts an oclif parse error into a UsageError with a `next:` hint. */
export function usageErrorFromParse(error: OclifParseError, context: ParseContext): UsageError {
  const command = `secrets ${context.commandId.replaceAll(':', ' ')}`.trimEnd()
  const help = `See \`${command} --help\`.`
  const text = withoutHelpPointer(error.message)
  const unknownFlags = stringList(error.flags)
  if (unknownFlags.length > 0) {
    const close = didYouMean(error, context.flagNames)
    return new UsageError(`Unknown flag${unknownFlags.length > 1 ? 's' : ''} ${unknownFlags.join(', ')}.`, {
      hint: close ? `${close.replaceAll('\n  ', ' ')} (${help.slice(0, -1)} for the flags.)` : help,
      code: 'UnknownFlag',
    })
  }
  const unexpected = /^Unexpected arguments?: /.test(text) ? stringList(error.args) : []
  if (unexpected.length > 0) {
    // `set PATH VALUE`: the extra word is a secret; never repeat it, only its length.
    if (context.commandId === 'set')
      return new UsageError(
        `unexpected argument (${unexpected.map((a) => a.length).join(', ')} characters): values are read from stdin or a prompt, never from argv.`,
        {
          hint: 'Pipe it in (`printf %s "$VALUE" | secrets set PATH`), or run `secrets set PATH` and type it.',
          code: 'UnexpectedArgument',
        },
      )
    return new UsageError(
      `Unexpected argument${unexpected.length > 1 ? 's' : ''}: ${unexpected.join(' ')}.`,
      {
        hint: help,
        code: 'UnexpectedArgument',
      },
    )
  }
  const missingArgs = /^Missing \d+ required args?/.test(text) ? requiredArgNames(text) : []
  if (missingArgs.length > 0)
    return new UsageError(`Missing the argument ${missingArgs.map((a) => a.toUpperCase()).join(', ')}.`, {
      hint: help,
      code: 'MissingArgument',
    })
  const reasons = /^The following errors? occurred:/.test(text)
    ? text
        .split('\n')
        .slice(1)
        .map((l) => stripAnsi(l).trim())
        .filter(Boolean)
    : []
  if (reasons.length > 0) return fromValidationReasons(reasons, help)
  const option = /^Expected (--[\w-]+)=(.*) to be one of: (.*)$/.exec(text)
  if (option) {
    const [, flag = '', value = '', list = ''] = option
    const close = suggestions(value, list.split(', '))
    return new UsageError(`${flag} must be one of: ${list} (not "${value}").`, {
      hint: close.length ? `Did you mean ${flag} ${close[0]}?` : help,
      code: 'InvalidFlagValue',
    })
  }
  // Anything else (a bad integer: "Parsing --port\n  Expected an integer …"): its lines as one.
  const oneLine = text
    .split('\n')
    .map((l) => stripAnsi(l).trim())
    .filter(Boolean)
    .join(': ')
  return new UsageError(oneLine, { hint: help, code: 'UsageError' })
}

/** "did you mean --path?" for a mistyped flag, from the command's own flag names. */
export function didYouMean(error: object, flagNames: readonly string[]): string | undefined {
  const unknown = stringList((error as { flags?: unknown }).flags)
  const hints = unknown.flatMap((flag) => {
    const close = suggestions(flag.replace(/^-+/, '').split('=')[0] ?? '', flagNames)
    return close.length ? [`${flag}: did you mean ${close.map((c) => `--${c}`).join(' or ')}?`] : []
  })
  return hints.length ? hints.join('\n  ') : undefined
}

/** Exclusive pairs and required flags, deduplicated: "--imds and --ecs cannot be used together." */
function fromValidationReasons(reasons: string[], help: string): UsageError {
  const pairs = new Map<string, [string, string]>()
  const required: string[] = []
  const other: string[] = []
  for (const reason of reasons) {
    const exclusive = /^(--[\w-]+)(?:=\S*)? cannot also be provided when using (--[\w-]+)/.exec(reason)
    const missing = /^Missing required flag ([\w-]+)/.exec(reason)
    if (exclusive?.[1] && exclusive[2]) {
      const pair = [exclusive[1], exclusive[2]].sort() as [string, string]
      pairs.set(pair.join(' '), [exclusive[2], exclusive[1]])
    } else if (missing?.[1]) required.push(`--${missing[1]}`)
    else other.push(reason)
  }
  const parts = [
    ...[...pairs.values()].map(([a, b]) => `${a} and ${b} cannot be used together.`),
    ...(required.length ? [`${required.join(', ')} ${required.length > 1 ? 'are' : 'is'} required.`] : []),
    ...other,
  ]
  const hint = pairs.size
    ? `Pick one of ${[...pairs.values()].map(([a, b]) => `${a} or ${b}`).join(', and one of ')}. ${help}`
    : required.length
      ? `Add ${required.map((f) => `${f} VALUE`).join(' ')}. ${help}`
      : help
  return new UsageError(parts.join(' '), {
    hint,
    code: pairs.size ? 'ExclusiveFlags' : required.length ? 'MissingFlag' : 'UsageError',
  })
}

function requiredArgNames(text: string): string[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => stripAnsi(line).trim().split(/\s+/)[0] ?? '')
    .filter((name) => /^[\w-]+$/.test(name))
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

function withoutHelpPointer(message: string): string {
  return message
    .split('\n')
    .filter((line) => !/^\s*See more help with --help\s*$/.test(line))
    .join('\n')
    .trimEnd()
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001B\[[0-9;]*m/g, '')
}
