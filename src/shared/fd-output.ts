import { fstatSync, writeSync } from 'node:fs'

/**
 * stdout and stderr without creating `process.stdout`/`process.stderr` until something needs
 * the stream. Creating one costs 3-6 ms of CPU on Node 24 (the stream modules; `net` for a pipe,
 * as for `credential_process` and `$(secrets get …)`; `tty` for a terminal, as for the git hook's
 * summary line), and the commands run many times a day write a line or two. So text goes to the
 * descriptor with `writeSync` while no stream exists; once anything creates the stream (Node's
 * getter is wrapped, not replaced, to notice) everything goes through it, in order.
 *
 * A reader that has gone (EPIPE: `secrets scan | head -1`) drops the rest and the command ends
 * with its own status, quietly, as `git log | head` does: through the stream the same, by an
 * error handler installed on its first use (unhandled, the EPIPE would be thrown with a stack
 * trace; bin/run.js sets the fast paths' status before waiting for the drain). A full
 * non-blocking pipe (EAGAIN) or any other failure hands the rest to the stream, which queues it
 * and reports as before.
 */
export interface FdOutput {
  write(text: string): void
  /** The stream (created now if it was not): for `isTTY`, prompts and progress redraws. */
  stream(): NodeJS.WriteStream
  /** True when the descriptor is a terminal; pipes and files answered by fstat, streamless. */
  isTerminal(): boolean
  /** Resolves once everything written has left the process (before `process.exit`). */
  settled(): Promise<void>
}

type Name = 'stdout' | 'stderr'
const outputs = new Map<Name, FdOutput>()
let readerGoneAction: () => void = () => undefined

/**
 * What happens when a stream's reader has gone: the CLI ends the process with its status
 * (src/cli/present.ts); by default the rest of the output is dropped and the work goes on.
 */
export function onReaderGone(action: () => void): void {
  readerGoneAction = action
}

/** The process's stdout (fd 1) or stderr (fd 2); one per name. */
export function fdOutput(name: Name): FdOutput {
  let output = outputs.get(name)
  if (!output) outputs.set(name, (output = create(name)))
  return output
}

function create(name: Name): FdOutput {
  const fd = name === 'stdout' ? 1 : 2
  let created = false
  const getter = Object.getOwnPropertyDescriptor(process, name)
  if (getter?.get && getter.configurable) {
    const make = getter.get
    Object.defineProperty(process, name, {
      ...getter,
      get() {
        created = true
        return make.call(process) as NodeJS.WriteStream
      },
    })
  } else created = true
  let readerGone = false
  let quiet = false
  const stream = (): NodeJS.WriteStream => {
    const s = process[name]
    if (!quiet) {
      quiet = true
      s.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error
        readerGone = true
        s.destroy()
        readerGoneAction()
      })
    }
    return s
  }
  return {
    write(text) {
      if (readerGone) return
      if (created) {
        stream().write(text)
        return
      }
      const bytes = Buffer.from(text, 'utf8')
      let at = 0
      try {
        while (at < bytes.length) at += writeSync(fd, bytes, at)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EPIPE') readerGone = true
        else stream().write(bytes.subarray(at))
      }
    },
    stream,
    isTerminal() {
      if (!created) {
        try {
          if (!fstatSync(fd).isCharacterDevice()) return false
        } catch {
          // A closed descriptor: the stream's own answer (false).
        }
      }
      return Boolean(stream().isTTY)
    },
    settled() {
      if (!created || process[name].writableLength === 0) return Promise.resolve()
      return new Promise((resolve) => process[name].once('drain', resolve))
    },
  }
}
