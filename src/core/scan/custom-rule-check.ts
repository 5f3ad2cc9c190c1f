import { Worker } from 'node:worker_threads'
import { UsageError } from '../../shared/errors.js'
import { REDOS_BOUND_MS, type CustomRuleSpec } from './engine/index.js'

/** A regex still running this long on one input is taken as stuck (catastrophic backtracking). */
const WATCHDOG_MS = REDOS_BOUND_MS * 5

/**
 * Holds a project's rules to the built-ins' ReDoS bound before they run: each rule scans the
 * same adversarial inputs as rule-redos.test.ts, in a worker thread (a catastrophic regex
 * cannot be interrupted on the thread running it, but a worker can be terminated). Rejects
 * with an error naming `scan.rules[i].regex` when an input takes REDOS_BOUND_MS or longer.
 */
export async function checkCustomRules(rules: readonly CustomRuleSpec[], file: string): Promise<void> {
  if (rules.length === 0) return
  const worker = new Worker(new URL('./redos-worker.js', import.meta.url), { workerData: { rules } })
  try {
    await new Promise<void>((resolvePromise, reject) => {
      let timer: NodeJS.Timeout | undefined
      const watch = (index: number) => {
        clearTimeout(timer)
        timer = setTimeout(
          () => reject(tooSlow(file, index, `did not finish within ${WATCHDOG_MS} ms`)),
          WATCHDOG_MS,
        )
      }
      worker.on('message', (message: { type: string; index?: number; ms?: number }) => {
        const index = message.index ?? 0
        if (message.type === 'start') watch(index)
        else if (message.type === 'done' && (message.ms ?? 0) >= REDOS_BOUND_MS) {
          clearTimeout(timer)
          reject(tooSlow(file, index, `took ${Math.round(message.ms ?? 0)} ms`))
        } else if (message.type === 'finished') {
          clearTimeout(timer)
          resolvePromise()
        }
      })
      worker.on('error', (error) => {
        clearTimeout(timer)
        reject(error)
      })
      worker.on('exit', () => {
        clearTimeout(timer)
        reject(new Error('the custom-rule check worker stopped early'))
      })
    })
  } finally {
    worker.removeAllListeners('exit')
    await worker.terminate()
  }
}

function tooSlow(file: string, index: number, what: string): UsageError {
  const key = `scan.rules[${index}].regex`
  return new UsageError(
    `${file}: "${key}" backtracks catastrophically: one adversarial input ${what} (the bound for every rule is ${REDOS_BOUND_MS} ms).`,
    {
      hint: `Fix "${key}" in ${file}: bound every repetition ({0,40} rather than * or +) and avoid nested or overlapping quantifiers such as (a+)+ (see docs/scan.md).`,
      code: 'BadScanConfig',
    },
  )
}
