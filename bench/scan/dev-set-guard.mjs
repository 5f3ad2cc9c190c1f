// Quality regression guard for CI: runs the development-set scorer (../shared/scan-corpus, the
// literal inputs of another scanner's detector tests) and fails when clean recall falls or the
// clean false-positive rate rises against bench/scan/dev-set-floor.json. A quality assertion,
// not a timing. Where the corpus is absent (a clone elsewhere) it says so and passes.
// Usage: node bench/scan/dev-set-guard.mjs   (after npm run build; SCAN_CORPUS=dir overrides)
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const repo = resolve(import.meta.dirname, '../..')
const corpus = process.env.SCAN_CORPUS ?? resolve(repo, '../shared/scan-corpus')
const scorer = join(corpus, 'score.mjs')
if (!existsSync(scorer)) {
  console.log(`scan dev-set guard: skipped (no scorer at ${scorer})`)
  process.exit(0)
}
const floor = JSON.parse(readFileSync(join(repo, 'bench/scan/dev-set-floor.json'), 'utf8'))
const out = execFileSync(process.execPath, [scorer, '--cli', join(repo, 'bin/run.js')], {
  cwd: repo,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
})
const summary = out.split('\n').find((line) => line.startsWith('summary:'))
const m = summary && /clean recall [\d.]+% \((\d+)\/(\d+)\), fp [\d.]+% \((\d+)\/(\d+)\)/.exec(summary)
if (!m) {
  console.log('scan dev-set guard: FAILED (no summary line from the scorer)')
  process.exit(1)
}
const [detected, positives, flagged, negatives] = m.slice(1).map(Number)
const recall = detected / positives
const fpRate = flagged / negatives
const problems = []
if (recall < floor.cleanRecall)
  problems.push(`clean recall ${recall.toFixed(4)} < floor ${floor.cleanRecall}`)
if (fpRate > floor.cleanFpRate)
  problems.push(`clean FP rate ${fpRate.toFixed(4)} > ceiling ${floor.cleanFpRate}`)
console.log(`scan dev-set guard: ${summary.replace(/^summary: /, '')}`)
if (problems.length > 0) {
  console.log(`scan dev-set guard: FAILED: ${problems.join('; ')}`)
  process.exit(1)
}
console.log('scan dev-set guard: ok (floor in bench/scan/dev-set-floor.json)')
