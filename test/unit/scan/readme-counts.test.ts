import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BUILTIN_RULES } from '../../../src/core/scan/index.js'

/**
 * Issue 23.20: the README said "190 rules" while the code had 202. The documented counts
 * come from the code: this test fails the build when they drift.
 */
const ROOT = join(import.meta.dirname, '..', '..', '..')
const counted = (file: string, pattern: RegExp): number[] =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(pattern)].map((m) => Number(m[1]))

describe("documented rule counts are the code's", () => {
  it.each([
    ['README.md', /What it finds: (\d+) rules/g],
    ['docs/scan.md', /^(\d+) rules:/gm],
  ])('%s', (file, pattern) => {
    const numbers = counted(file, pattern)
    expect(numbers.length).toBeGreaterThan(0)
    for (const n of numbers) expect(n).toBe(BUILTIN_RULES.length)
  })
})
