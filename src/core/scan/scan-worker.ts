import { parentPort, workerData } from 'node:worker_threads'
import { scanFileBatch } from './batch-scan.js'
// Deep engine imports, not engine/index.ts: a worker loads only what scanning needs.
import { BUILTIN_RULES } from './engine/rules/index.js'
import { customRule, type CustomRuleSpec } from './engine/custom-rules.js'
import { compileRuleSet } from './engine/rule-set.js'

/** Worker entry: compiles the rules once, then scans the batches the pool sends. */
const { disabledRules, customRules, maxFileSize } = workerData as {
  disabledRules: string[]
  customRules: CustomRuleSpec[]
  maxFileSize: number
}
// The same rules, in the same order, as the main thread's (scan-project.ts).
const ruleSet = compileRuleSet(
  [...BUILTIN_RULES, ...customRules.map(customRule)].filter((r) => !disabledRules.includes(r.id)),
)

parentPort?.on('message', (message: { id: number; root: string; paths: string[] }) => {
  const result = scanFileBatch(message.root, message.paths, ruleSet, maxFileSize)
  parentPort?.postMessage({ id: message.id, ...result })
})
