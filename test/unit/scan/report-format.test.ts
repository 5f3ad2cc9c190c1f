import { describe, expect, it } from 'vitest'
import { BUILTIN_RULES, formatReport, type Finding } from '../../../src/core/scan/engine/index.js'

const SECRET = ['sk_live_', 'Zq8R2mVt5Kc9Lw3Nx7Pb1Hd6Fj4Gs0'].join('')
const findings: Finding[] = [
  {
    ruleId: 'stripe-secret-key',
    title: 'Stripe secret key',
    path: 'src/pay ment.ts',
    line: 3,
    column: 7,
    endColumn: 7 + SECRET.length,
    secret: SECRET,
    redacted: '****Gs0',
    fingerprint: '0123456789abcdef0123456789abcdef',
    commit: { sha: 'a'.repeat(40), author: 'Ana <ana@example.org>', date: '2026-01-01T00:00:00Z' },
  },
]
const stats = {
  files: 1,
  bytes: 10,
  skippedBinary: 0,
  skippedOversized: 0,
  skippedUnreadable: 0,
  suppressed: 0,
  durationMs: 1,
}
const options = { showSecrets: false, rules: BUILTIN_RULES, version: '0.1.0' }

describe('formatReport', () => {
  it.each(['text', 'json', 'sarif'] as const)('%s never contains the secret by default', (format) => {
    const out = formatReport(findings, stats, format, options)
    expect(out).not.toContain(SECRET)
    expect(out).not.toContain(SECRET.slice(8, 20))
  })

  it('text: file:line:col, rule, redacted match, commit', () => {
    expect(formatReport(findings, stats, 'text', options)).toBe(
      `src/pay ment.ts:3:7  stripe-secret-key  ****Gs0  commit aaaaaaaaaaaa Ana <ana@example.org> 2026-01-01T00:00:00Z\n`,
    )
  })

  it('shows the secret only when asked', () => {
    expect(formatReport(findings, stats, 'json', { ...options, showSecrets: true })).toContain(SECRET)
  })

  it('json: root-relative paths under a stated root (displayPath is for text), oversized files named in stats', () => {
    const withSkipped = {
      ...stats,
      skippedOversized: 1,
      oversizedFiles: [{ path: 'src/big.min.js', size: 3_000_000 }],
    }
    const json = JSON.parse(
      formatReport(findings, withSkipped, 'json', {
        ...options,
        root: '/work/my repo',
        displayPath: (p) => `../${p}`,
      }),
    )
    expect(json.root).toBe('/work/my repo')
    expect(json.findings[0].path).toBe('src/pay ment.ts')
    expect(json.stats.oversizedFiles).toEqual([{ path: 'src/big.min.js', size: 3_000_000 }])
    expect(json.stats.skippedOversized).toBe(1)
    expect(
      formatReport(findings, withSkipped, 'text', { ...options, displayPath: (p) => `../${p}` }),
    ).toMatch(/^\.\.\/src\/pay ment\.ts:/)
  })

  it('sarif: oversized files as execution notifications, root-relative URIs under a stated root', () => {
    const withSkipped = {
      ...stats,
      skippedOversized: 1,
      oversizedFiles: [{ path: 'src/big.min.js', size: 3_000_000 }],
    }
    const sarif = JSON.parse(
      formatReport(findings, withSkipped, 'sarif', { ...options, root: '/work/my repo' }),
    )
    const run = sarif.runs[0]
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/my%20repo/' } })
    const [note] = run.invocations[0].toolExecutionNotifications
    expect(note.level).toBe('note')
    expect(note.message.text).toContain('3000000 bytes')
    expect(note.locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'src/big.min.js',
      uriBaseId: '%SRCROOT%',
    })
  })

  it('sarif: 2.1.0 with rules, results, locations and partial fingerprints', () => {
    const sarif = JSON.parse(formatReport(findings, stats, 'sarif', options))
    expect(sarif.version).toBe('2.1.0')
    const run = sarif.runs[0]
    expect(run.tool.driver.name).toBe('secrets')
    expect(run.tool.driver.rules.length).toBe(BUILTIN_RULES.length)
    const result = run.results[0]
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe('stripe-secret-key')
    expect(result.level).toBe('error')
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'src/pay%20ment.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 7, endColumn: 7 + SECRET.length },
    })
    expect(result.partialFingerprints).toEqual({ 'secretsLocation/v1': findings[0]?.fingerprint })
    expect(typeof result.message.text).toBe('string')
  })
})

describe('text report colour', () => {
  it('paints the rule and the match only when asked (a terminal without NO_COLOR)', async () => {
    const { formatReport } = await import('../../../src/core/scan/engine/index.js')
    const { colorWanted } = await import('../../../src/cli/scan-output.js')
    const f = {
      ruleId: 'github-pat',
      title: 'GitHub token',
      path: 'a.ts',
      line: 1,
      column: 2,
      endColumn: 3,
      secret: 'x',
      redacted: '****',
      fingerprint: '',
    }
    const stats = {
      files: 1,
      bytes: 1,
      skippedBinary: 0,
      skippedOversized: 0,
      skippedUnreadable: 0,
      suppressed: 0,
      durationMs: 1,
    }
    const plain = formatReport([f], stats, 'text', { showSecrets: false, rules: [], version: '0' })
    const painted = formatReport([f], stats, 'text', {
      showSecrets: false,
      rules: [],
      version: '0',
      color: true,
    })
    expect(plain).toBe('a.ts:1:2  github-pat  ****\n')
    expect(painted).toBe('a.ts:1:2  \u001b[1;31mgithub-pat\u001b[0m  \u001b[33m****\u001b[0m\n')
    expect(colorWanted({ NO_COLOR: '1' })).toBe(false)
  })
})

describe('quoteForTerminal (git core.quotePath style)', () => {
  it('leaves plain and non-ASCII text alone and quotes C0, DEL, C1, quotes and backslashes', async () => {
    const { quoteForTerminal } = await import('../../../src/core/scan/engine/index.js')
    expect(quoteForTerminal('src/café.ts')).toBe('src/café.ts')
    expect(quoteForTerminal('a\u001b[2Kb')).toBe('"a\\033[2Kb"')
    expect(quoteForTerminal('a\nb\tc\u0007')).toBe('"a\\nb\\tc\\a"')
    expect(quoteForTerminal('x\u009by\u007f')).toBe('"x\\302\\233y\\177"')
    expect(quoteForTerminal('say "hi"\\')).toBe('"say \\"hi\\"\\\\"')
  })
})
