import { describe, expect, it } from 'vitest'
import { GENESIS, lineHash, verifyChain, type AuditLine } from '../../../src/core/audit/index.js'

/** A well-formed chain of n entries (seq from `start`), as lines of one file. */
function chain(n: number, start = 1, first = GENESIS): string[] {
  const lines: string[] = []
  let prev = first
  for (let i = 0; i < n; i++) {
    const line = JSON.stringify({
      seq: start + i,
      prev,
      time: `2026-01-01T00:00:0${i % 10}.000Z`,
      user: 'u',
      op: 'get',
      paths: [`/p${i}`],
      result: 'ok',
      exit: 0,
    })
    lines.push(line)
    prev = lineHash(line)
  }
  return lines
}
const asLines = (lines: string[], file = 'audit.log'): AuditLine[] =>
  lines.map((line, i) => ({ file, line, number: i + 1 }))
const edit = (lines: string[], i: number, change: (e: Record<string, unknown>) => void) => {
  const out = [...lines]
  const entry = JSON.parse(out[i] ?? '{}') as Record<string, unknown>
  change(entry)
  out[i] = JSON.stringify(entry)
  return out
}

describe('verifyChain', () => {
  const five = chain(5)
  it.each<[string, string[], { ok: boolean; problem?: string; seq?: number }]>([
    ['an empty log', [], { ok: true }],
    ['an intact chain', five, { ok: true }],
    [
      'a changed entry',
      edit(five, 1, (e) => (e.paths = ['/other'])),
      { ok: false, problem: 'changed', seq: 2 },
    ],
    [
      'a changed first entry',
      edit(five, 0, (e) => (e.op = 'set')),
      { ok: false, problem: 'changed', seq: 1 },
    ],
    ['a removed entry', [...five.slice(0, 2), ...five.slice(3)], { ok: false, problem: 'removed', seq: 3 }],
    ['two removed entries', [five[0] ?? '', ...five.slice(3)], { ok: false, problem: 'removed', seq: 2 }],
    [
      'an inserted copy',
      [...five.slice(0, 3), five[1] ?? '', ...five.slice(3)],
      { ok: false, problem: 'inserted', seq: 2 },
    ],
    [
      'a line that is not an entry',
      [...five.slice(0, 2), 'garbage', ...five.slice(2)],
      { ok: false, problem: 'changed', seq: 3 },
    ],
    [
      'renumbered after a removal',
      [
        ...five.slice(0, 2),
        ...five.slice(3).map((l) => l.replace(/"seq":(\d)/, (_, d: string) => `"seq":${Number(d) - 1}`)),
      ],
      { ok: false, problem: 'changed', seq: 2 },
    ],
    [
      'a first entry with seq 1 and a forged prev',
      edit(five, 0, (e) => (e.prev = 'f'.repeat(64))),
      { ok: false, problem: 'changed', seq: 1 },
    ],
  ])('%s', (_, lines, expected) => {
    const result = verifyChain(asLines(lines))
    expect(result.ok).toBe(expected.ok)
    if (!result.ok) {
      expect(result.problem).toBe(expected.problem)
      expect(result.seq).toBe(expected.seq)
    }
  })

  it('follows the chain across rotated files and accepts a start above 1 (older files gone)', () => {
    const all = chain(6, 41, 'a'.repeat(64))
    const lines = [...asLines(all.slice(0, 3), 'audit.log.1'), ...asLines(all.slice(3), 'audit.log')]
    expect(verifyChain(lines)).toEqual({ ok: true, entries: 6, firstSeq: 41 })
    const cut = [...asLines(all.slice(0, 2), 'audit.log.1'), ...asLines(all.slice(3), 'audit.log')]
    const result = verifyChain(cut)
    expect(result.ok).toBe(false)
    if (!result.ok) expect([result.problem, result.seq, result.file]).toEqual(['removed', 43, 'audit.log'])
  })
})
