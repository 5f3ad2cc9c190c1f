import { PROMPT_THEME } from '../shared/human-output.js'
import { closeSync, openSync } from 'node:fs'
import { humanOutput } from './present.js'

/**
 * A no-echo prompt for the keychain passphrase, as ssh and sudo ask: on stdin/stderr when both
 * are terminals, else on the controlling terminal (/dev/tty) so that `cmd | secrets …` at a
 * terminal still asks. Undefined when the process has no terminal at all (cron, CI, a
 * credential_process without one): the caller then says how to unlock without one.
 */
export function passphrasePrompt(): ((message: string) => Promise<string>) | undefined {
  const prompt = humanOutput().prompt
  if (prompt) return (message) => prompt.secret(message)
  if (!hasControllingTerminal()) return undefined
  return async (message) => {
    const { ReadStream, WriteStream } = await import('node:tty')
    const input = new ReadStream(openSync('/dev/tty', 'r'))
    const output = new WriteStream(openSync('/dev/tty', 'w'))
    try {
      const { password } = await import('@inquirer/prompts')
      return await password({ message, mask: false, theme: PROMPT_THEME }, { input, output })
    } finally {
      input.destroy()
      output.destroy()
    }
  }
}

function hasControllingTerminal(): boolean {
  try {
    closeSync(openSync('/dev/tty', 'r+'))
    return true
  } catch {
    return false
  }
}
