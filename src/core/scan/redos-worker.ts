import { parentPort, workerData } from 'node:worker_threads'
// Deep engine imports, not engine/index.ts: the worker loads only what probing needs.
import { customRule, type CustomRuleSpec } from './engine/custom-rules.js'
import { adversarialInputs } from './engine/redos-probe.js'
import { compileRuleSet } from './engine/rule-set.js'
import { scanBytes } from './engine/scan-text.js'

/**
 * Worker entry for custom-rule-check: scans each rule's adversarial inputs with that rule
 * alone, announcing each input before it starts (so a stuck regex is known by the watchdog)
 * and reporting how long it took.
 */
const { rules } = workerData as { rules: CustomRuleSpec[] }
for (const [index, spec] of rules.entries()) {
  const rule = customRule(spec)
  const ruleSet = compileRuleSet([rule])
  for (const input of adversarialInputs(rule.keywords)) {
    parentPort?.postMessage({ type: 'start', index })
    const started = performance.now()
    scanBytes(Buffer.from(input), 'adversarial.txt', ruleSet)
    parentPort?.postMessage({ type: 'done', index, ms: performance.now() - started })
  }
}
parentPort?.postMessage({ type: 'finished' })
