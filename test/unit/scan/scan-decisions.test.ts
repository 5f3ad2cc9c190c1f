import { describe, expect, it } from 'vitest'
import { scanInputOf } from '../../../src/core/scan/index.js'
import {
  checkSecretDisplay,
  oldestPerFingerprint,
  type Finding,
} from '../../../src/core/scan/engine/index.js'

describe('checkSecretDisplay', () => {
  it.each([
    [false, false, 'allowed'],
    [false, true, 'allowed'],
    [true, true, 'allowed'],
    [true, false, 'refused'],
  ] as const)('showSecrets=%s stdoutIsTerminal=%s: %s', (showSecrets, terminal, outcome) => {
    const check = () => checkSecretDisplay(showSecrets, terminal)
    if (outcome === 'allowed') expect(check).not.toThrow()
    else expect(check).toThrow(/--show-secrets only works when stdout is a terminal\./)
  })

  it('refuses with a usage error (exit 2) and the next step', () => {
    try {
      checkSecretDisplay(true, false)
      expect.unreachable()
    } catch (error) {
      expect(error).toMatchObject({ exitCode: 2, hint: 'Drop --show-secrets.' })
    }
  })
})

describe('scanInputOf', () => {
  it.each([
    [{}, { target: '.', mode: 'tree' }],
    [{ staged: true }, { target: '.', mode: 'staged' }],
    [
      { history: true, since: 'v1.0' },
      { target: '.', mode: 'history', since: 'v1.0' },
    ],
    [{ baseline: 'b.json' }, { target: '.', mode: 'tree', baselineFile: 'b.json' }],
    [{ 'write-baseline': 'w.json' }, { target: '.', mode: 'tree', writeBaselineFile: 'w.json' }],
    [
      { staged: false, history: false, since: undefined },
      { target: '.', mode: 'tree' },
    ],
  ])('%j -> %j', (flags, input) => {
    expect(scanInputOf('.', flags)).toEqual(input)
  })
})

describe('oldestPerFingerprint', () => {
  const finding = (fingerprint: string, date?: string): Finding => ({
    ruleId: 'r',
    title: 'R',
    path: 'a.txt',
    line: 1,
    column: 1,
    endColumn: 2,
    secret: 's',
    redacted: '****',
    fingerprint,
    ...(date ? { commit: { sha: `sha-${date}`, author: 'a', date } } : {}),
  })

  it.each([
    ['one finding stays', [finding('f1', '2024-02-01')], ['sha-2024-02-01']],
    [
      'the oldest commit of a fingerprint wins',
      [finding('f1', '2024-03-01'), finding('f1', '2024-01-01'), finding('f1', '2024-02-01')],
      ['sha-2024-01-01'],
    ],
    [
      'different fingerprints are kept apart',
      [finding('f1', '2024-03-01'), finding('f2', '2024-01-01')],
      ['sha-2024-03-01', 'sha-2024-01-01'],
    ],
    ['without commits the first is kept', [finding('f1'), finding('f1', '2024-01-01')], [undefined]],
  ])('%s', (_name, findings, shas) => {
    expect(oldestPerFingerprint(findings).map((f) => f.commit?.sha)).toEqual(shas)
  })
})
