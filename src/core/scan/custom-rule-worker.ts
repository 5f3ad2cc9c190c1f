import { parentPort, workerData } from 'node:worker_threads'
import { scanFileBatch } from './batch-scan.js'
// Deep engine imports, not engine/index.ts: the worker loads only what scanning needs.
import { customRule, type CustomRuleSpec } from './engine/custom-rules.js'
import { compileRuleSet } from './engine/rule-set.js'
import { scanFile } from './engine/scan-file.js'
import type { Finding } from './engine/types.js'

/**
 * Worker entry for custom-rule-runner: runs each project rule alone over each file it is
 * sent, announcing (rule, file) before it starts, so the main thread's watchdog knows which
 * rule a stuck regex belongs to and can stop this worker.
 */
const { rules } = workerData as { rules: CustomRuleSpec[] }
const ruleSets = rules.map((spec) => compileRuleSet([customRule(spec)]))

export type CustomRuleJob = { id: number; path: string } & (
  { bytes: Uint8Array } | { root: string; maxSize: number }
)

parentPort?.on('message', (job: CustomRuleJob) => {
  const findings: Finding[] = []
  for (const [rule, ruleSet] of ruleSets.entries()) {
    parentPort?.postMessage({ type: 'start', id: job.id, rule })
    if ('bytes' in job) findings.push(...scanFile(Buffer.from(job.bytes), job.path, ruleSet).findings)
    else findings.push(...scanFileBatch(job.root, [job.path], ruleSet, job.maxSize).findings)
  }
  parentPort?.postMessage({ type: 'done', id: job.id, findings })
})
