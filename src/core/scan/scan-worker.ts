import { parentPort, workerData } from 'node:worker_threads'
import { scanFileBatch } from './batch-scan.js'
// Deep engine imports, not engine/index.ts: a worker loads only what scanning needs.
import { BUILTIN_RULES } from './engine/rules/index.js'
import { customRule, type CustomRuleSpec } from './engine/custom-rules.js'
import { compileRuleSet } from './engine/rule-set.js'
import { scanFile } from './engine/scan-file.js'

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

type BlobBatch = { paths: string[]; sizes: number[]; bytes: ArrayBuffer }

parentPort?.on(
  'message',
  (message: { id: number; root: string; paths: string[] } | { id: number; blobs: BlobBatch }) => {
    if ('blobs' in message)
      return void parentPort?.postMessage({ id: message.id, scans: scanBlobs(message.blobs) })
    const result = scanFileBatch(message.root, message.paths, ruleSet, maxFileSize)
    parentPort?.postMessage({ id: message.id, ...result })
  },
)

/** `--history` blobs (BlobScanPool): each scanned as scan-project.ts scans one on the main thread. */
function scanBlobs({ paths, sizes, bytes }: BlobBatch) {
  let offset = 0
  return paths.map((path, i) => {
    const blob = Buffer.from(bytes, offset, sizes[i])
    offset += sizes[i] ?? 0
    const counts = { allowed: 0 }
    const { findings, binary } = scanFile(blob, path, ruleSet, counts)
    return { findings, binary, allowed: counts.allowed }
  })
}
