import { describe, expect, it } from 'vitest'
import {
  parseScanConfig,
  DEFAULT_MAX_FILE_SIZE,
  allowlistFilter,
  parseBaseline,
  toBaseline,
  type Finding,
} from '../../../src/core/scan/engine/index.js'

const RULES = new Set(['github-pat', 'generic-secret'])
const FILE = '/repo/.secretsrc.json'

describe('parseScanConfig', () => {
  it('defaults when the section is absent', () => {
    expect(parseScanConfig(undefined, FILE, RULES)).toEqual({
      allowPaths: [],
      allowRules: [],
      allowPatterns: [],
      maxFileSize: DEFAULT_MAX_FILE_SIZE,
    })
  })

  it('accepts a full section', () => {
    const config = parseScanConfig(
      { allowPaths: ['test/**'], allowRules: ['generic-secret'], allowPatterns: ['^dev-'], maxFileSize: 10 },
      FILE,
      RULES,
    )
    expect(config.allowPatterns[0]?.test('dev-123')).toBe(true)
    expect(config.maxFileSize).toBe(10)
  })

  it.each([
    [{ allowpaths: [] }, 'scan.allowpaths'],
    [{ allowPaths: 'test/**' }, 'scan.allowPaths'],
    [{ allowPaths: ['ok', 3] }, 'scan.allowPaths[1]'],
    [{ allowRules: ['github-pats'] }, 'scan.allowRules[0]'],
    [{ allowPatterns: ['(unclosed'] }, 'scan.allowPatterns[0]'],
    [{ maxFileSize: -1 }, 'scan.maxFileSize'],
    [{ maxFileSize: '1MB' }, 'scan.maxFileSize'],
  ])('rejects %j naming %s', (section, key) => {
    expect(() => parseScanConfig(section, FILE, RULES)).toThrow(`"${key}"`)
  })
})

const finding = (over: Partial<Finding>): Finding => ({
  ruleId: 'github-pat',
  title: 't',
  path: 'a.ts',
  line: 1,
  column: 1,
  endColumn: 2,
  secret: 'SECRET-VALUE-123456', // secrets:allow (test value)
  redacted: '****',
  fingerprint: 'f1',
  ...over,
})

describe('allowlists and baselines', () => {
  it.each([
    ['test/fixtures/a.ts', 'SECRET-VALUE-123456', false],
    ['src/a.ts', 'SECRET-VALUE-123456', true],
    ['src/a.ts', 'dev-only-value', false],
  ])('path %s with secret %s kept=%s', (path, secret, kept) => {
    const filter = allowlistFilter(
      parseScanConfig({ allowPaths: ['test/**'], allowPatterns: ['^dev-'] }, FILE, RULES),
    )
    expect(filter(finding({ path, secret }), path)).toBe(kept)
  })

  it('writes a baseline without secrets and reads it back', () => {
    const baseline = toBaseline([
      finding({ fingerprint: 'b' }),
      finding({ fingerprint: 'a' }),
      finding({ fingerprint: 'a' }),
    ])
    const text = JSON.stringify(baseline)
    expect(text).not.toContain('SECRET-VALUE')
    expect(baseline.findings.map((f) => f.fingerprint)).toEqual(['a', 'b'])
    expect(parseBaseline(text, 'b.json')).toEqual(new Set(['a', 'b']))
  })

  it.each(['not json', '{}', '{"findings":[{"x":1}]}'])('rejects baseline %j', (text) => {
    expect(() => parseBaseline(text, 'b.json')).toThrow('b.json')
  })
})
