import { UsageError } from '../shared/errors.js'
import { canPrompt, promptSecret, readStdin } from '../shared/terminal.js'

/**
 * Reads a secret value the safe way: from stdin when it is not a TTY (one trailing newline
 * dropped, as `echo` adds it), else a no-echo prompt. Never from argv, where `ps` and
 * shell history would see it.
 */
export async function readSecretValue(label: string): Promise<string> {
  let value: string
  if (!process.stdin.isTTY) {
    value = (await readStdin()).replace(/\r?\n$/, '')
  } else if (canPrompt()) {
    value = await promptSecret(`Value for ${label}`)
  } else {
    throw new UsageError('No value: stdin is a terminal but there is no terminal to prompt on.')
  }
  if (value === '')
    throw new UsageError(`Empty value for ${label}: nothing was written.`, {
      hint: 'Pipe the value on stdin or type it at the prompt.',
    })
  return value
}
