import type { HumanOutput } from '../shared/human-output.js'
import { UsageError } from '../shared/errors.js'
import { parseAccessKeyLines, validateAccessKeyId, validateSecretAccessKey } from '../core/identity/index.js'
import { readStdin } from '../shared/terminal.js'
import { humanOutput } from './present.js'

/**
 * Where secret input comes from: piped stdin when it is not a TTY, else the human port's
 * prompts (a secret never echoes). Never from argv, where `ps` and shell history would see it.
 */
export interface SecretInput {
  /** Piped stdin's text; undefined when stdin is a terminal (then the prompt is used). */
  piped(maxBytes?: number): Promise<string | undefined>
  /** The prompt, or a UsageError ("No <what>: ...") when stdin is a terminal but no one can be asked. */
  prompt(what: string): NonNullable<HumanOutput['prompt']>
}

/** The production input: process.stdin and the terminal port. */
export function secretInput(human: HumanOutput = humanOutput(), stdin = process.stdin): SecretInput {
  return {
    piped: async (maxBytes) => (stdin.isTTY ? undefined : readStdin(stdin, maxBytes)),
    prompt(what) {
      if (!human.prompt)
        throw new UsageError(`No ${what}: stdin is a terminal but there is no terminal to prompt on.`)
      return human.prompt
    },
  }
}

/**
 * Reads a secret value the safe way: from stdin when it is not a TTY (one trailing newline
 * dropped, as `echo` adds it), else a no-echo prompt. An empty answer at the prompt (a stray
 * Enter) is asked once more before it is refused.
 */
export async function readSecretValue(label: string, input: SecretInput = secretInput()): Promise<string> {
  const piped = await input.piped()
  let value: string
  if (piped !== undefined) value = piped.replace(/\r?\n$/, '')
  else {
    const prompt = input.prompt('value')
    value = await prompt.secret(`Value for ${label}`)
    if (value === '') value = await prompt.secret(`Value for ${label} (empty: type it, or Ctrl-C to stop)`)
  }
  if (value === '')
    throw new UsageError(`Empty value for ${label}: nothing was written.`, {
      hint: 'Pipe the value on stdin or type it at the prompt.',
    })
  return value
}

/** An access key for `add-key`: two lines from piped stdin, else two prompts (the secret not echoed). */
export async function readAccessKey(
  profile: string,
  input: SecretInput = secretInput(),
): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const piped = await input.piped(64 * 1024).catch(() => {
    throw new UsageError('stdin is larger than 64 KiB: expected two lines, an access key id and a secret.')
  })
  if (piped !== undefined) return parseAccessKeyLines(piped, profile)
  const prompt = input.prompt('key')
  const accessKeyId = validateAccessKeyId(await prompt.text('Access key ID'))
  const secretAccessKey = validateSecretAccessKey(await prompt.secret('Secret access key'))
  return { accessKeyId, secretAccessKey }
}
