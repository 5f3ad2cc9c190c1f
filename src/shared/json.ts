/** Parses JSON, or returns undefined for text that is not JSON: for files and items we validate next. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
