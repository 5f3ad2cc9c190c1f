/** Terminal facts and stdin: colour, and reading piped input. Prompts are the human port's (human-output.ts). */

/** True when colour may be used on `stream` (a TTY, and NO_COLOR unset). */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in env) && env.TERM !== 'dumb'
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
