import { describe, expect, it } from 'vitest'
import {
  parseScanConfig,
  DEFAULT_MAX_FILE_SIZE,
  allowlistFilter,
  compileRuleSet,
  customRule,
  scanBytes,
  type Finding,
} from '../../../src/core/scan/engine/index.js'
import { parseBaseline } from '../../../src/core/scan/baseline-file.js'

const RULES = new Set(['github-pat', 'generic-secret'])
const FILE = '/repo/.secretsrc.json'

describe('parseScanConfig', () => {
  it('defaults when the section is absent', () => {
    expect(parseScanConfig(undefined, FILE, RULES)).toEqual({
      allowPaths: [],
      allowRules: [],
      allowPatterns: [],
      maxFileSize: DEFAULT_MAX_FILE_SIZE,
      rules: [],
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

describe('scan.rules (custom rules)', () => {
  // A company's internal token: `acme_live_` + 32 base62 characters.
  const ACME = { id: 'acme-api-token', regex: 'acme_live_[A-Za-z0-9]{32}', keywords: ['acme_live_'] }

  it('accepts a rule and lets allowRules name it', () => {
    const config = parseScanConfig(
      {
        rules: [{ ...ACME, minEntropy: 3.5, description: 'ACME API token' }],
        allowRules: ['acme-api-token'],
      },
      FILE,
      RULES,
    )
    expect(config.rules).toEqual([{ ...ACME, minEntropy: 3.5, description: 'ACME API token' }])
    expect(config.allowRules).toEqual(['acme-api-token'])
  })

  it.each([
    [{ rules: {} }, 'scan.rules', 'must be an array'],
    [{ rules: ['acme'] }, 'scan.rules[0]', 'must be an object'],
    [{ rules: [{ ...ACME, flags: 'i' }] }, 'scan.rules[0].flags', 'is not a known key'],
    [{ rules: [{ ...ACME, id: 'Acme Token' }] }, 'scan.rules[0].id', 'kebab-case'],
    [{ rules: [{ ...ACME, id: 'github-pat' }] }, 'scan.rules[0].id', 'already a built-in rule'],
    [{ rules: [ACME, { ...ACME }] }, 'scan.rules[1].id', 'already used by scan.rules[0]'],
    [{ rules: [{ ...ACME, regex: 'acme_(live' }] }, 'scan.rules[0].regex', 'not a valid regular expression'],
    [{ rules: [{ ...ACME, regex: '' }] }, 'scan.rules[0].regex', 'non-empty string'],
    [{ rules: [{ ...ACME, regex: '[a-z]*' }] }, 'scan.rules[0].regex', 'matches the empty string'],
    [{ rules: [{ ...ACME, keywords: [] }] }, 'scan.rules[0].keywords', 'non-empty array'],
    [{ rules: [{ ...ACME, keywords: ['acme_live_', 'ac'] }] }, 'scan.rules[0].keywords[1]', 'at least 3'],
    [{ rules: [{ ...ACME, keywords: ['clé_'] }] }, 'scan.rules[0].keywords[0]', 'ASCII'],
    [{ rules: [{ ...ACME, secretGroup: 'token' }] }, 'scan.rules[0].secretGroup', 'no named groups'],
    [
      { rules: [{ ...ACME, regex: '(?<t>x{3})(?<secret>y{3})', secretGroup: 't' }] },
      'scan.rules[0].secretGroup',
      'also has a group named "secret"',
    ],
    [{ rules: [{ ...ACME, minEntropy: 9 }] }, 'scan.rules[0].minEntropy', 'from 0 to 8'],
    [{ rules: [{ ...ACME, minEntropy: '3' }] }, 'scan.rules[0].minEntropy', 'from 0 to 8'],
    [{ rules: [{ ...ACME, description: '' }] }, 'scan.rules[0].description', 'non-empty string'],
    [{ rules: [ACME], allowRules: ['acme-api-tokens'] }, 'scan.allowRules[0]', 'unknown rule'],
  ])('rejects %j naming %s', (section, key, problem) => {
    expect(() => parseScanConfig(section, FILE, RULES)).toThrow(`"${key}"`)
    expect(() => parseScanConfig(section, FILE, RULES)).toThrow(problem)
  })

  const token = ['acme_live_', 'Q8rT2mVx5Kc9Lw3Nz7Pb1Hd6Fj4Gs0aE'].join('')
  const scanWith = (spec: Parameters<typeof customRule>[0], text: string) =>
    scanBytes(Buffer.from(text), 'app.env', compileRuleSet([customRule(spec)]))

  it('finds the token with the whole match as the secret, titled by the description', () => {
    const [finding] = scanWith({ ...ACME, description: 'ACME API token' }, `ACME=${token}\n`)
    expect(finding).toMatchObject({ ruleId: 'acme-api-token', title: 'ACME API token', line: 1, column: 6 })
    expect(finding?.redacted).toBe(`****${token.slice(-4)}`)
  })

  it('takes the secret from the named group secretGroup names', () => {
    const spec = { ...ACME, regex: 'acme_live_(?<body>[A-Za-z0-9]{32})', secretGroup: 'body' }
    const [finding] = scanWith(spec, `x ${token}`)
    expect(finding?.column).toBe(3 + 'acme_live_'.length)
    expect(finding?.secret).toBe(token.slice('acme_live_'.length))
  })

  it('applies the minimum entropy (default 3 bits/char, as the built-ins)', () => {
    const low = `acme_live_${'ab'.repeat(16)}`
    expect(scanWith(ACME, low)).toEqual([])
    expect(scanWith({ ...ACME, minEntropy: 0 }, low)).toHaveLength(1)
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

  it.each(['not json', '{"findings":[{"x":1}]}', '{"version":2,"findings":[]}'])(
    'rejects baseline %j',
    (text) => {
      expect(() => parseBaseline(text, 'b.json')).toThrow('b.json')
    },
  )
})
