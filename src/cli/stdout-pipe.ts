/**
 * `secrets scan … | head`: when the reader closes the pipe, stdout's next write fails with
 * EPIPE. Unhandled, that error is thrown with a stack trace; here the process ends quietly
 * instead, with the status the command had reached (a reader that stopped early is not an
 * error of ours), as `git log | head` does.
 */
export function endQuietlyOnEpipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    stream.destroy()
    process.exit(process.exitCode ?? 0)
  })
}
