// Writes test/fixtures/scan/rules/<rule>/{ng,ok}.txt from secret-samples.mjs with a fixed
// seed. ng.txt: true secrets the rule must report; ok.txt: hard negatives it must not.
// Usage: node bench/scan/write-rule-fixtures.mjs [--missing] (after npm run build)
// --missing writes only rules without a fixture folder (own seed), leaving the others as they are.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { BUILTIN_RULES } from '../../dist/core/scan/engine/index.js'
import { SAMPLES, rng, sampleFor } from './secret-samples.mjs'

const root = resolve(import.meta.dirname, '../../test/fixtures/scan/rules')
const missingOnly = process.argv.includes('--missing')
const r = rng(missingOnly ? 20261129 : 20261122)
for (const rule of BUILTIN_RULES) {
  if (missingOnly && existsSync(join(root, rule.id))) continue
  // Whole-file rules (PKCS #12 key stores) have binary ng-*/ok-* fixtures, made by hand.
  if (rule.container) continue
  const spec = SAMPLES[rule.id]
  if (!spec) throw new Error(`no sample for ${rule.id}`)
  const dir = join(root, rule.id)
  mkdirSync(dir, { recursive: true })
  const ng = [sampleFor(rule.id, r).text, sampleFor(rule.id, r).text]
  // ok: the placeholder form, and a true secret marked with the inline allow comment.
  const sample = sampleFor(rule.id, r)
  const allowed = sample.text.split('\n')
  const at = Math.max(
    0,
    allowed.findIndex((line) => line.includes(sample.secret.split('\n')[0])),
  )
  allowed[at] = `${allowed[at]}  # secrets:allow`
  const ok = [spec.fake, allowed.join('\n')]
  writeFileSync(join(dir, 'ng.txt'), `${ng.join('\n\n')}\n`)
  writeFileSync(join(dir, 'ok.txt'), `${ok.join('\n\n')}\n`)
}
console.log(`wrote fixtures for ${BUILTIN_RULES.length} rules under ${root}`)
