import { describe, expect, it } from 'vitest'
import {
  BUILTIN_RULES,
  REDOS_BOUND_MS,
  adversarialInputs,
  compileRuleSet,
  scanBytes,
} from '../../../src/core/scan/engine/index.js'

// The inputs and the bound live in the engine (redos-probe.ts): project rules from
// .secretsrc.json are held to the same bound before a scan runs them.
describe.each(BUILTIN_RULES.map((r) => [r.id, r] as const))('rule %s is ReDoS-safe', (_id, rule) => {
  it(`scans adversarial input within ${REDOS_BOUND_MS} ms`, () => {
    const ruleSet = compileRuleSet([rule])
    for (const input of adversarialInputs(rule.keywords)) {
      const started = performance.now()
      scanBytes(Buffer.from(input), 'adversarial.txt', ruleSet)
      expect(performance.now() - started).toBeLessThan(REDOS_BOUND_MS)
    }
  })
})
