/** Parses JSON, or returns undefined for text that is not JSON: for files and items we validate next. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/**
 * Where JSON.parse stopped, as `line:column` (1-based), from the position Node's message
 * gives ("at position 18", or Node 22's "(line 3 column 7)"); undefined when it gives none.
 */
export function jsonErrorLocation(text: string, error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error)
  const lineColumn = /line (\d+) column (\d+)/.exec(message)
  if (lineColumn) return `${lineColumn[1]}:${lineColumn[2]}`
  const position = /at position (\d+)/.exec(message)
  const offset = position
    ? Number(position[1])
    : /Unexpected end of JSON input/.test(message)
      ? text.length
      : undefined
  if (offset === undefined) return undefined
  const before = text.slice(0, offset).split('\n')
  return `${before.length}:${(before.at(-1) ?? '').length + 1}`
}

/** JSON.parse's reason without its position (we give line:column instead). */
export function jsonErrorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.replace(/\s*(in JSON )?at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '')
}
