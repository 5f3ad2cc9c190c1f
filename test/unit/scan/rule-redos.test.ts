import { describe, expect, it } from 'vitest'
import { BUILTIN_RULES, compileRuleSet, scanBytes } from '../../../src/core/scan/engine/index.js'

/**
 * Adversarial inputs for backtracking: each rule's keywords followed by long runs of the
 * characters its pattern accepts, near-misses repeated, and very long lines. Every rule must
 * finish within the bound; a catastrophic pattern takes seconds to minutes here.
 */
function adversarial(keywords: readonly string[]): string[] {
  const k = keywords[0] ?? ''
  const runs = ['a', 'A', '0', 'aA0', '-_', '=', ' ', '\\n', '/+', ':', '.', '"', 'x1']
  return [
    ...runs.map((run) => `${k}${run.repeat(20_000)}`),
    `${k}=`.repeat(5_000),
    `${k} = "`.repeat(3_000),
    `password${'a'.repeat(80)} = ${'b'.repeat(30_000)}`,
    `${k}${'a-'.repeat(10_000)}!`,
    `${k}\n${' a:b\n'.repeat(5_000)}`,
    `data:\n${'  key: value\n'.repeat(3_000)}kind: Secret`,
    `postgres://${'u'.repeat(5_000)}:${'p'.repeat(5_000)}`,
    `-----BEGIN RSA PRIVATE KEY-----${'A'.repeat(40_000)}`,
  ]
}

const BOUND_MS = 400

describe.each(BUILTIN_RULES.map((r) => [r.id, r] as const))('rule %s is ReDoS-safe', (_id, rule) => {
  it(`scans adversarial input within ${BOUND_MS} ms`, () => {
    const ruleSet = compileRuleSet([rule])
    for (const input of adversarial(rule.keywords)) {
      const started = performance.now()
      scanBytes(Buffer.from(input), 'adversarial.txt', ruleSet)
      expect(performance.now() - started).toBeLessThan(BOUND_MS)
    }
  })
})
