import { editDistance } from '../../shared/suggest.js'
import type { ParameterStore } from './parameter.js'

/**
 * "Did you mean" over a store's own paths, for a mistyped parameter (`get
 * /myapp/dev/db/pasword`) or `--path` (`run --path /myapp/dve`): the existing paths (or path
 * prefixes) at the same depth closest to the one asked for. Names only, never values.
 */

/** The known paths and prefixes at `wanted`'s depth closest to it, closest first (at most three). */
export function nearestPaths(wanted: string, known: readonly string[]): string[] {
  const depth = segments(wanted).length
  const candidates = new Set<string>()
  for (const path of known) {
    const parts = segments(path)
    if (parts.length >= depth) candidates.add(`/${parts.slice(0, depth).join('/')}`)
  }
  candidates.delete(wanted)
  const last = segments(wanted).at(-1) ?? ''
  // A name under three characters has no typo distinct from another name.
  const limit = last.length < 3 ? 0 : Math.min(3, Math.max(1, Math.floor(last.length / 3)))
  return [...candidates]
    .map((c) => ({ c, d: editDistance(wanted.toLowerCase(), c.toLowerCase()) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, 3)
    .map((x) => x.c)
}

/**
 * Reads the store near `wanted` for `nearestPaths`: its parent, else the grandparent (never
 * the whole store from `/`), at most two reads. A failing read gives no suggestions.
 */
export async function suggestStorePaths(store: ParameterStore, wanted: string): Promise<string[]> {
  const parts = segments(wanted)
  for (let up = 1; up <= 2 && parts.length - up >= 1; up++) {
    const ancestor = `/${parts.slice(0, parts.length - up).join('/')}`
    let known: string[]
    try {
      known = (await store.getByPath(ancestor)).map((p) => p.path)
    } catch {
      return []
    }
    if (known.length > 0) return nearestPaths(wanted, known)
  }
  return []
}

/** "Did you mean /a/b? " for a hint, or '' when there is nothing close. */
export function didYouMeanPaths(close: readonly string[]): string {
  return close.length ? `Did you mean ${close.join(' or ')}? ` : ''
}

function segments(path: string): string[] {
  return path.split('/').filter(Boolean)
}
