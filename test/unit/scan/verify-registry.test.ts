import { describe, expect, it } from 'vitest'
import { formatReport } from '../../../src/core/scan/engine/index.js'
import type { Finding } from '../../../src/core/scan/engine/types.js'
import { KnownValueIndex } from '../../../src/core/scan/known-values/index.js'
import { verifyFindings, sortByVerification, type Verifier } from '../../../src/core/scan/verify/index.js'
import { aFinding } from './finding-fixture.js'

// Issue 22: the verifier registry's bounds (time, rate, count), its result ordering, and the
// known-value index's matching. No network: verifiers here are in-process stand-ins.

const finding = (ruleId: string, line: number, secret = `value-${line}`): Finding =>
  aFinding({ ruleId, line, secret })

function stub(
  answer: (secret: string) => Promise<'verified' | 'unverified'>,
): Verifier & { calls: number[] } {
  const calls: number[] = []
  return {
    id: 'stub',
    rules: ['r'],
    calls,
    candidates: (findings) => findings.map((f) => ({ findings: [f], parts: { v: f.secret } })),
    check: async (c) => {
      calls.push(Date.now())
      return { status: await answer(c.parts.v ?? '') }
    },
  }
}

describe('verifyFindings', () => {
  it('maps answers to statuses, a hung or failing check to unknown, and leaves other rules alone', async () => {
    const v = stub(async (s) => {
      if (s === 'value-3') return new Promise(() => undefined)
      if (s === 'value-4') throw new Error('offline')
      return s === 'value-1' ? 'verified' : 'unverified'
    })
    const fs = [finding('r', 1), finding('r', 2), finding('r', 3), finding('r', 4), finding('other', 5)]
    const out = await verifyFindings(fs, [v], { timeoutMs: 50, minIntervalMs: 0 })
    expect(fs.map((f) => out.get(f)?.status)).toEqual([
      'verified',
      'unverified',
      'unknown',
      'unknown',
      undefined,
    ])
    expect(sortByVerification(fs, out).map((f) => f.line)).toEqual([1, 2, 3, 4, 5])
    expect(sortByVerification([...fs].reverse(), out).map((f) => f.line)).toEqual([1, 2, 4, 3, 5])
  })

  it('spaces checks by the rate limit and stops at the check budget (the rest stay unknown)', async () => {
    const v = stub(async () => 'verified')
    const slept: number[] = []
    const fs = [1, 2, 3, 4].map((n) => finding('r', n))
    const out = await verifyFindings(fs, [v], {
      minIntervalMs: 1000,
      maxChecks: 3,
      sleep: async (ms) => void slept.push(ms),
    })
    expect(v.calls).toHaveLength(3)
    expect(slept).toHaveLength(2)
    for (const ms of slept) expect(ms).toBeGreaterThan(900)
    expect(fs.map((f) => out.get(f)?.status)).toEqual(['verified', 'verified', 'verified', 'unknown'])
  })

  it('names the own profile and its rotate command for a verified AWS key', async () => {
    const v = { ...stub(async () => 'verified' as const), id: 'aws-sts' }
    const f = finding('r', 1)
    const out = await verifyFindings([f], [v], { minIntervalMs: 0, ownProfile: async () => 'dev' })
    expect(out.get(f)).toEqual({
      status: 'verified',
      verifier: 'aws-sts',
      profile: 'dev',
      remedy: 'secrets rotate aws-key --profile dev',
    })
  })
})

describe('KnownValueIndex', () => {
  const value = ['db', 'Pa55', '+word/x'].join('')
  const index = new KnownValueIndex([
    { name: '/app/db', value },
    { name: '/app/short', value: 'abc' },
  ])
  const find = (text: string) =>
    index.findIn(Buffer.from(text), 'f.txt').map((f) => [f.line, f.column, f.parameter])

  it.each([
    [`x = ${value}\n`, [[1, 5, '/app/db']]],
    [`\n\nurl?p=${encodeURIComponent(value)}`, [[3, 7, '/app/db']]],
    [`b64: ${Buffer.from(value).toString('base64')}`, [[1, 6, '/app/db']]],
    [`b64url: ${Buffer.from(value).toString('base64url')}`, [[1, 9, '/app/db']]],
    [
      `é ${value} ${value}`,
      [
        [1, 3, '/app/db'],
        [1, 3 + value.length + 1, '/app/db'],
      ],
    ],
    [`${value.slice(0, -1)}`, []],
    ['abc abc', []],
    [`x = ${value} # secrets:allow`, []],
  ])('%s', (text, expected) => {
    expect(find(text)).toEqual(expected)
  })

  it('keeps no value: the findings carry the name only', () => {
    const [f] = index.findIn(Buffer.from(value), 'f.txt')
    expect(f?.secret).toBe('')
    expect(f?.redacted).toBe('****')
    expect(JSON.stringify(index)).not.toContain(value)
  })
  it('shows a known value as **** with its parameter, even with --show-secrets', () => {
    const found = index.findIn(Buffer.from(`x ${value}`), 'f.txt')
    const stats = {
      files: 1,
      bytes: 1,
      skippedBinary: 0,
      skippedOversized: 0,
      skippedUnreadable: 0,
      suppressed: 0,
      durationMs: 0,
    }
    for (const format of ['text', 'json', 'sarif'] as const) {
      const out = formatReport(found, stats, format, { showSecrets: true, rules: [], version: '0' })
      expect(out).toContain('/app/db')
      expect(out).not.toContain('"secret"')
    }
    expect(formatReport(found, stats, 'text', { showSecrets: true, rules: [], version: '0' })).toBe(
      'f.txt:1:3  known-value  ****  parameter /app/db\n',
    )
  })
})
