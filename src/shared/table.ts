/** Formats rows as left-aligned columns without a header line (key/value lists, pipes). */
export function formatColumns(rows: string[][]): string {
  const [first, ...rest] = rows
  return first ? formatTable(first, rest) : ''
}

/** Formats rows as left-aligned columns separated by two spaces (no trailing spaces). */
export function formatTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows]
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)))
  return all
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}
