import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BUILTIN_RULES, compileRuleSet, scanBytes, scanFile } from '../../../src/core/scan/engine/index.js'

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/scan/rules')
const ruleSet = compileRuleSet(BUILTIN_RULES)

describe('rule catalogue', () => {
  it('has at least 100 rules with unique kebab-case ids and keywords', () => {
    expect(BUILTIN_RULES.length).toBeGreaterThanOrEqual(100)
    const ids = BUILTIN_RULES.map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const rule of BUILTIN_RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
      expect(rule.keywords.length).toBeGreaterThan(0)
      expect(rule.pattern.flags).toContain('g')
    }
  })
})

// Table-driven over the fixture folders: ng.txt holds two true secrets the rule must report
// (and nothing else may report); ok.txt holds hard negatives nothing may report.
describe.each(BUILTIN_RULES.filter((r) => !r.container).map((r) => r.id))('rule %s', (id) => {
  it('has ok and ng fixtures', () => {
    expect(existsSync(join(FIXTURES, id, 'ng.txt'))).toBe(true)
    expect(existsSync(join(FIXTURES, id, 'ok.txt'))).toBe(true)
  })

  it('reports every secret in ng.txt, redacted', () => {
    const bytes = readFileSync(join(FIXTURES, id, 'ng.txt'))
    const findings = scanBytes(bytes, 'ng.txt', ruleSet)
    expect(findings.map((f) => f.ruleId)).toEqual([id, id])
    for (const f of findings) {
      expect(f.redacted).not.toContain(f.secret)
      expect(f.line).toBeGreaterThan(0)
      expect(bytes.toString('utf8').split('\n')[f.line - 1]).toContain(f.secret.split('\n')[0])
    }
  })

  it('reports nothing in ok.txt', () => {
    const findings = scanBytes(readFileSync(join(FIXTURES, id, 'ok.txt')), 'ok.txt', ruleSet)
    expect(findings.map((f) => `${f.ruleId}:${f.line}`)).toEqual([])
  })
})

// Whole-file rules (key containers) read files, not lines: each ng-* file is one finding of
// the rule at line 1 (and nothing else), each ok-* file (wrong content or wrong extension)
// reports nothing. At least two of each.
describe.each(BUILTIN_RULES.filter((r) => r.container).map((r) => r.id))('whole-file rule %s', (id) => {
  const files = existsSync(join(FIXTURES, id)) ? readdirSync(join(FIXTURES, id)) : []
  const ng = files.filter((f) => f.startsWith('ng-'))
  const ok = files.filter((f) => f.startsWith('ok-'))

  it('has at least two ng-* and two ok-* fixtures', () => {
    expect(ng.length).toBeGreaterThanOrEqual(2)
    expect(ok.length).toBeGreaterThanOrEqual(2)
  })

  it.each(ng)('reports %s once, at line 1, redacted', (name) => {
    const { findings, binary } = scanFile(readFileSync(join(FIXTURES, id, name)), name, ruleSet)
    expect(binary).toBe(false)
    expect(findings.map((f) => `${f.ruleId}:${f.line}`)).toEqual([`${id}:1`])
    expect(findings[0]?.redacted).toMatch(/^\*{4}.{4}$/)
  })

  it.each(ok)('reports nothing in %s', (name) => {
    const { findings } = scanFile(readFileSync(join(FIXTURES, id, name)), name, ruleSet)
    expect(findings.map((f) => `${f.ruleId}:${f.line}`)).toEqual([])
  })
})
