/** Terminal facts and prompts. Prompts draw on stderr so stdout stays the result. */

/** True when colour may be used on `stream` (a TTY, and NO_COLOR unset). */
export function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in env) && env.TERM !== 'dumb'
}

/** True when a human can answer a prompt: stdin and stderr are terminals. */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY)
}

/** Asks for a secret without echo, on stderr. */
export async function promptSecret(message: string): Promise<string> {
  const { password } = await import('@inquirer/prompts')
  return password({ message, mask: false }, { output: process.stderr })
}

/** Reads all of stdin as text (for `set` and `add-key` when stdin is not a TTY). */
export async function readStdin(
  stdin: NodeJS.ReadableStream = process.stdin,
  maxBytes = 4 * 1024 * 1024,
): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
    size += buf.length
    if (size > maxBytes) throw new Error(`stdin is larger than ${maxBytes} bytes`)
    chunks.push(buf)
  }
  return Buffer.concat(chunks).toString('utf8')
}
