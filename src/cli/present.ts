import { fstatSync, writeSync } from 'node:fs'
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

/**
 * Whether `process.stdout` has been created (by us or anything else). Creating it costs 3-6 ms
 * of CPU on Node 24 (the stream modules, and `net` when stdout is a pipe, as it is for
 * `credential_process` and `$(secrets get …)`), so results go straight to fd 1 with
 * `writeSync` until something creates the stream; from then on everything goes through it,
 * in order. Node's getter is wrapped (not replaced) to notice.
 */
let stdoutStream = false
const stdoutGetter = Object.getOwnPropertyDescriptor(process, 'stdout')
if (stdoutGetter?.get && stdoutGetter.configurable) {
  const create = stdoutGetter.get
  Object.defineProperty(process, 'stdout', {
    ...stdoutGetter,
    get() {
      stdoutStream = true
      return create.call(process) as NodeJS.WriteStream
    },
  })
} else stdoutStream = true

let readerGone = false
let quietOnEpipe = false

/**
 * The stream, with a reader that has gone ending the process quietly with the status the
 * command had reached (`secrets scan … | head`: unhandled, the EPIPE would be thrown with a
 * stack trace), as `git log | head` ends. bin/run.js sets the fast paths' status first.
 */
function stdout(): NodeJS.WriteStream {
  const stream = process.stdout
  if (!quietOnEpipe) {
    quietOnEpipe = true
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error
      stream.destroy()
      process.exit(process.exitCode ?? 0)
    })
  }
  return stream
}

/**
 * Writes to stdout: fd 1 directly (see above) while no stream exists. Once the reader has gone
 * (EPIPE, `secrets scan | head -1`) the rest of the output is dropped and the command ends with
 * its own status, quietly, as it does through the stream; a full non-blocking pipe
 * (EAGAIN) or any other failure hands the rest to the stream, which queues it and reports as
 * before.
 */
function writeStdout(text: string): void {
  if (readerGone) return
  if (stdoutStream) {
    stdout().write(text)
    return
  }
  const bytes = Buffer.from(text, 'utf8')
  let at = 0
  try {
    while (at < bytes.length) at += writeSync(1, bytes, at)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') readerGone = true
    else stdout().write(bytes.subarray(at))
  }
}

/** Resolves once everything written to stdout has left the process (before `process.exit`). */
export function stdoutSettled(): Promise<void> {
  if (!stdoutStream || process.stdout.writableLength === 0) return Promise.resolve()
  return new Promise((resolve) => process.stdout.once('drain', resolve))
}

/** Writes the command's result to stdout, newline-terminated (nothing for an empty text). */
export function printResult(text: string): void {
  if (text === '') return
  writeStdout(text.endsWith('\n') ? text : `${text}\n`)
}

/** Writes the command's result as one JSON line on stdout. */
export function printJson(value: unknown): void {
  writeStdout(`${JSON.stringify(value)}\n`)
}

/** Writes an informational line for the human on stderr. */
export function tell(message: string): void {
  humanOutput().notice(message)
}

/**
 * True when stdout is a terminal (a human reads the result rather than a pipe or file). A pipe
 * or a regular file is answered from fstat, without creating the stream; a character device
 * (a terminal, or /dev/null) is asked through the stream.
 */
export function stdoutIsTerminal(): boolean {
  if (!stdoutStream) {
    try {
      if (!fstatSync(1).isCharacterDevice()) return false
    } catch {
      // fd 1 closed: the stream's own answer (false).
    }
  }
  return Boolean(process.stdout.isTTY)
}

/**
 * Sets the exit status of a command that completed with a verdict rather than an error
 * (`rotate --check` found overdue credentials: 1). Core decides the status; this applies it.
 */
export function setExitStatus(status: number): void {
  if (status !== 0) process.exitCode = status
}
