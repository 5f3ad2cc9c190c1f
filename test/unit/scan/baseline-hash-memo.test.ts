import { createRequire } from 'node:module'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { matchBaseline, readBaselineFile, writeBaselineFile } from '../../../src/core/scan/baseline-file.js'
import type { Finding } from '../../../src/core/scan/engine/index.js'
import { aFinding } from './finding-fixture.js'

// The same module object the baseline code loads lazily (shared/lazy-modules.ts).
const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')

const dirs: string[] = []
afterEach(() => {
  vi.restoreAllMocks()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const finding = (secret: string, line: number, path = 'config.py'): Finding =>
  aFinding({ secret, line, path })

describe('baseline slow hashes: one scrypt per distinct (rule, path, secret)', () => {
  it('a secret found twice in one file is written and matched with one scrypt each time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-baseline-memo-'))
    dirs.push(dir)
    const file = join(dir, '.secrets-baseline.json')
    const findings = [finding('Winter2024!db', 1), finding('Winter2024!db', 9), finding('Other-99!x', 4)]
    const scrypt = vi.spyOn(crypto, 'scrypt')
    const changes = await writeBaselineFile(file, undefined, findings, dir)
    expect(changes).toMatchObject({ added: 2, kept: 0 })
    expect(scrypt).toHaveBeenCalledTimes(2)

    scrypt.mockClear()
    const baseline = await readBaselineFile(file)
    const matched = await matchBaseline(baseline, [...findings, finding('Winter2024!db', 2, 'other.py')], dir)
    // Every finding at a recorded place matched; the same secret elsewhere did not (the hashes
    // resolve in any order, and no caller depends on the map's order).
    expect(new Set(matched.keys())).toEqual(new Set(findings))
    expect(scrypt).toHaveBeenCalledTimes(2)

    // A write over the read baseline: a candidate that matched no entry is hashed once, not twice.
    scrypt.mockClear()
    const again = await writeBaselineFile(file, baseline, [finding('Changed-77!q', 3), ...findings], dir)
    expect(again).toMatchObject({ added: 1, kept: 2 })
    expect(scrypt).toHaveBeenCalledTimes(3)
  })
})
