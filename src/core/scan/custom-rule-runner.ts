import { Worker } from 'node:worker_threads'
import type { CustomRuleSpec, Finding, NotScanned } from './engine/index.js'
import type { CustomRuleJob } from './custom-rule-worker.js'

/**
 * How long one project rule may run on one file. A regex the ReDoS probe did not catch
 * (`kwx(q+q+)+z` on `kwx` and 34 `q`: 34 s, doubling per character) is stopped here, the file
 * is reported as not checked by that rule, and the scan (a commit's hook) goes on.
 */
export const CUSTOM_RULE_BUDGET_MS = 1000

type Job = CustomRuleJob & { resolve: (result: { findings: Finding[]; timedOut?: NotScanned }) => void }

/**
 * Runs the project's own rules (`scan.rules`) in a worker thread under a per-file, per-rule
 * time budget: a regex cannot be interrupted on the thread running it, but the thread can be
 * terminated. The worker announces each (rule, file) before it starts; when one runs over
 * CUSTOM_RULE_BUDGET_MS the worker is stopped, that file is reported (`rule-timeout`), and a
 * fresh worker takes the files still queued. The built-in rules never run here: they keep
 * their own bound (rule-redos.test.ts) and their in-process speed.
 */
export class CustomRuleRunner {
  private worker: Worker | undefined
  private readonly queue = new Map<number, Job>()
  private nextId = 0
  private timer: NodeJS.Timeout | undefined
  private current: { id: number; rule: number } | undefined

  constructor(
    private readonly rules: readonly CustomRuleSpec[],
    private readonly budgetMs = CUSTOM_RULE_BUDGET_MS,
  ) {}

  /** Scans one file's bytes (git modes) or one file under `root` (tree mode) with every project rule. */
  scan(path: string, source: { bytes: Uint8Array } | { root: string; maxSize: number }) {
    return new Promise<{ findings: Finding[]; timedOut?: NotScanned }>((resolve) => {
      const job = { id: this.nextId++, path, ...source, resolve } as Job
      this.queue.set(job.id, job)
      this.post(job)
    })
  }

  /** Stops the worker; call once every scan promise has settled. */
  async close(): Promise<void> {
    clearTimeout(this.timer)
    const worker = this.worker
    this.worker = undefined
    await worker?.terminate()
  }

  private post(job: Job): void {
    const { resolve: _resolve, ...message } = job
    this.ensureWorker().postMessage(message)
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker
    const worker = new Worker(new URL('./custom-rule-worker.js', import.meta.url), {
      workerData: { rules: this.rules },
    })
    worker.on('message', (message: { type: string; id: number; rule?: number; findings?: Finding[] }) => {
      if (this.worker !== worker) return
      if (message.type === 'start') {
        this.current = { id: message.id, rule: message.rule ?? 0 }
        clearTimeout(this.timer)
        this.timer = setTimeout(() => this.timeOut(worker), this.budgetMs)
      } else if (message.type === 'done') {
        clearTimeout(this.timer)
        this.current = undefined
        const job = this.queue.get(message.id)
        this.queue.delete(message.id)
        job?.resolve({ findings: message.findings ?? [] })
      }
    })
    worker.on('error', () => this.timeOut(worker))
    this.worker = worker
    return worker
  }

  /** The running rule is over budget (or the worker died): report its file, restart for the rest. */
  private timeOut(worker: Worker): void {
    if (this.worker !== worker) return
    this.worker = undefined
    void worker.terminate()
    const stuck = this.current
    this.current = undefined
    const job = stuck ? this.queue.get(stuck.id) : undefined
    if (job && stuck) {
      this.queue.delete(job.id)
      const spec = this.rules[stuck.rule]
      job.resolve({
        findings: [],
        timedOut: {
          path: job.path,
          reason: 'rule-timeout',
          detail: `project rule ${spec?.id ?? '?'} (scan.rules[${stuck.rule}]) ran over its ${this.budgetMs} ms budget on this file and was stopped; the project's rules did not check it (the built-in rules did)`,
        },
      })
    }
    for (const rest of this.queue.values()) this.post(rest)
  }
}
