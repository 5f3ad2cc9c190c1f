import { createRequire } from 'node:module'

/**
 * The one column formatter of every list the CLI prints (keys, history, findings, checks,
 * rules): cells are padded by their width on a terminal, not their UTF-16 length, so a CJK
 * name, an emoji or a coloured cell does not shift the columns after it.
 */

type StringWidth = (text: string) => number
let stringWidth: StringWidth | undefined

/** Columns a cell takes on a terminal: wide (CJK, emoji) count 2, combining marks and ANSI 0. */
export function displayWidth(text: string): number {
  // Printable ASCII (nearly every cell) without loading the width tables.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length
  // string-width (CommonJS) loaded on first use: key lists stay on the fast path's budget.
  stringWidth ??= createRequire(import.meta.url)('string-width') as StringWidth
  return stringWidth(text)
}

/** Pads `text` on the right to `width` terminal columns. */
export function padDisplay(text: string, width: number): string {
  const missing = width - displayWidth(text)
  return missing > 0 ? text + ' '.repeat(missing) : text
}

/** Formats rows as left-aligned columns without a header line (key/value lists, pipes). */
export function formatColumns(rows: string[][]): string {
  return columnLines(rows).join('\n')
}

/**
 * Formats rows as left-aligned columns separated by two spaces (no trailing spaces). The
 * last cell of a row is not padded; a row may have fewer cells than the header.
 */
export function formatTable(header: string[], rows: string[][]): string {
  return columnLines([header, ...rows]).join('\n')
}

/** One aligned line per row (for callers that put other lines between the rows). */
export function columnLines(rows: string[][]): string[] {
  const columns = Math.max(0, ...rows.map((r) => r.length))
  const widths = Array.from({ length: columns }, (_, i) =>
    Math.max(0, ...rows.map((r) => (i < r.length - 1 ? displayWidth(r[i] ?? '') : 0))),
  )
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : padDisplay(cell, widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  )
}
