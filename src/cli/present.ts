import { fdOutput, onReaderGone } from '../shared/fd-output.js'
import { terminalHumanOutput, type HumanOutput } from '../shared/human-output.js'

/**
 * The one module commands present through: results on stdout (text or one JSON line), and
 * the human port (stderr) for everything else. Commands never write to a stream themselves.
 */

let human: HumanOutput | undefined

/** The process's human port (stderr, prompts when a terminal is attached); built once. */
export function humanOutput(): HumanOutput {
  return (human ??= terminalHumanOutput())
}

const stdout = fdOutput('stdout')

// A reader gone from a stream (`secrets scan | head -1`) ends the command with its own status.
onReaderGone(() => process.exit(process.exitCode ?? 0))

/** Resolves once everything written to stdout has left the process (before `process.exit`). */
export function stdoutSettled(): Promise<void> {
  return stdout.settled()
}

/** Writes the command's result to stdout, newline-terminated (nothing for an empty text). */
export function printResult(text: string): void {
  if (text === '') return
  stdout.write(text.endsWith('\n') ? text : `${text}\n`)
}

/** Writes the command's result as one JSON line on stdout. */
export function printJson(value: unknown): void {
  stdout.write(`${JSON.stringify(value)}\n`)
}

/** Writes an informational line for the human on stderr. */
export function tell(message: string): void {
  humanOutput().notice(message)
}

/** True when stdout is a terminal (a human reads the result rather than a pipe or file). */
export function stdoutIsTerminal(): boolean {
  return stdout.isTerminal()
}

/**
 * Sets the exit status of a command that completed with a verdict rather than an error
 * (`rotate --check` found overdue credentials: 1). Core decides the status; this applies it.
 */
export function setExitStatus(status: number): void {
  if (status !== 0) process.exitCode = status
}
