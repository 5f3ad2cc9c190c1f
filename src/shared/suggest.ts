/**
 * "Did you mean": the known words closest to a mistyped one (commands, flags, config keys,
 * parameter paths, variable names). Small and dependency-free: an edit distance bounded by
 * the word's length, plus prefix matches. A leaf: core and cli both use it.
 */

/** Levenshtein distance (insert, delete, substitute; an adjacent swap counts as one). */
export function editDistance(a: string, b: string): number {
  const width = b.length + 1
  const d = new Array<number>((a.length + 1) * width).fill(0)
  const at = (i: number, j: number) => d[i * width + j] ?? 0
  for (let i = 0; i <= a.length; i++) d[i * width] = i
  for (let j = 0; j <= b.length; j++) d[j] = j
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1)
      d[i * width + j] = best
    }
  return at(a.length, b.length)
}

/** The candidates close enough to `word` to suggest, closest first (at most three). */
export function suggestions(word: string, candidates: readonly string[]): string[] {
  const w = word.toLowerCase()
  if (!w) return []
  const limit = Math.max(1, Math.floor(w.length / 3))
  return candidates
    .map((c) => {
      const distance = editDistance(w, c.toLowerCase())
      const prefix = w.length >= 2 && (c.toLowerCase().startsWith(w) || w.startsWith(c.toLowerCase()))
      return { c, score: prefix ? Math.min(distance, limit) : distance }
    })
    .filter((x) => x.score <= limit)
    .sort((x, y) => x.score - y.score || x.c.localeCompare(y.c))
    .slice(0, 3)
    .map((x) => x.c)
}
