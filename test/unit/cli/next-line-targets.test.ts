import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Issue 23.20: `next:` lines and messages point at files; each must exist (docs/ is shipped
 * in the package by the runtime change). Before, nothing checked that a pointer led anywhere.
 */
const ROOT = join(import.meta.dirname, '..', '..', '..')
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : []
  })
}

describe('every docs/ file a message names exists', () => {
  const named = new Map<string, string>()
  for (const file of sources(join(ROOT, 'src')))
    for (const m of readFileSync(file, 'utf8').matchAll(/docs\/[a-z0-9-]+\.md/g))
      named.set(m[0], relative(ROOT, file))
  it('names some', () => expect(named.size).toBeGreaterThan(0))
  it.each([...named.entries()])('%s (from %s)', (doc) => expect(existsSync(join(ROOT, doc))).toBe(true))
})
