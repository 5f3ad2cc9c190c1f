// Scores a scanner's findings against a corpus's labels: recall, precision, F1, per rule.
// Usage: node bench/scan/score.mjs --corpus bench/.work/corpus-7 --findings out.json
//        [--format secrets|secretlint] [--json]
// A finding on a labelled line is a true positive (several on one line count once); a
// finding on any other line is a false positive; a label without a finding is a miss.
import { readFileSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    findings: { type: 'string' },
    format: { type: 'string', default: 'secrets' },
    json: { type: 'boolean', default: false },
    show: { type: 'string', default: '0' },
    // Restrict recall to labels of these rules (comma list, or "secretlint" for the providers
    // secretlint's recommended preset covers). Precision still counts every finding.
    only: { type: 'string' },
  },
})
const tree = join(values.corpus, 'tree')
const SECRETLINT_COVERED = [
  'aws-access-key-id',
  'aws-secret-access-key',
  'gcp-api-key',
  'gcp-service-account-key',
  'github-pat',
  'github-oauth-token',
  'github-user-to-server-token',
  'github-server-to-server-token',
  'github-refresh-token',
  'github-fine-grained-pat',
  'gitlab-pat',
  'gitlab-pipeline-trigger-token',
  'gitlab-runner-registration-token',
  'gitlab-runner-auth-token',
  'gitlab-deploy-token',
  'gitlab-feed-token',
  'gitlab-oauth-app-secret',
  'gitlab-scim-token',
  'gitlab-incoming-mail-token',
  'gitlab-agent-token',
  'slack-bot-token',
  'slack-user-token',
  'slack-app-token',
  'slack-config-token',
  'slack-config-refresh-token',
  'slack-legacy-token',
  'slack-webhook-url',
  'npm-access-token',
  'npm-legacy-auth-token',
  'sendgrid-api-key',
  'shopify-access-token',
  'shopify-custom-app-token',
  'shopify-private-app-token',
  'shopify-shared-secret',
  'openai-api-key',
  'anthropic-api-key',
  'anthropic-admin-key',
  'linear-api-key',
  'onepassword-service-account-token',
  'onepassword-secret-key',
  'databricks-token',
  'figma-pat',
  'dockerhub-pat',
  'dockerhub-oat',
  'grafana-cloud-token',
  'grafana-service-account-token',
  'groq-api-key',
  'vault-service-token',
  'vault-batch-token',
  'huggingface-token',
  'huggingface-org-token',
  'notion-integration-token',
  'private-key-rsa',
  'private-key-ec',
  'private-key-dsa',
  'private-key-openssh',
  'private-key-pkcs8',
  'private-key-encrypted',
  'pgp-private-key',
  'url-basic-auth',
  'database-url-password',
]
const only = values.only === 'secretlint' ? SECRETLINT_COVERED : values.only?.split(',')
const allLabels = readFileSync(join(values.corpus, 'labels.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l))
const labels = only ? allLabels.filter((l) => only.includes(l.rule)) : allLabels

/** Normalises either tool's output to {path, line, rule}. */
function loadFindings() {
  const data = JSON.parse(readFileSync(values.findings, 'utf8'))
  if (values.format === 'secretlint') {
    return data.flatMap((file) =>
      file.messages.map((m) => ({
        path: relative(tree, isAbsolute(file.filePath) ? file.filePath : join(process.cwd(), file.filePath)),
        line: m.loc.start.line,
        rule: m.messageId ?? m.ruleId,
      })),
    )
  }
  return data.findings.map((f) => ({ path: f.path, line: f.line, rule: f.ruleId }))
}

const findings = loadFindings()
const key = (x) => `${x.path}:${x.line}`
const labelled = new Map(allLabels.map((l) => [key(l), l]))
const found = new Map()
for (const f of findings) if (!found.has(key(f))) found.set(key(f), f)

const perRule = new Map()
const bucket = (rule) => {
  if (!perRule.has(rule)) perRule.set(rule, { labels: 0, hits: 0, findings: 0, falsePositives: 0 })
  return perRule.get(rule)
}
let tp = 0
const misses = []
for (const label of labels) {
  const b = bucket(label.rule)
  b.labels++
  if (found.has(key(label))) {
    tp++
    b.hits++
  } else misses.push(label)
}
const falsePositives = []
for (const f of found.values()) {
  if (only && labelled.has(key(f)) && !only.includes(labelled.get(key(f)).rule)) continue
  const b = bucket(
    values.format === 'secretlint'
      ? `secretlint:${f.rule}`
      : f.rule.startsWith('generic')
        ? 'generic'
        : f.rule,
  )
  b.findings++
  if (!labelled.has(key(f))) {
    b.falsePositives++
    falsePositives.push(f)
  }
}
const recall = tp / labels.length
const counted = [...found.values()].filter(
  (f) => !(only && labelled.has(key(f)) && !only.includes(labelled.get(key(f)).rule)),
).length
const precision = counted === 0 ? 1 : (counted - falsePositives.length) / counted
const f1 = recall + precision === 0 ? 0 : (2 * recall * precision) / (recall + precision)
const summary = {
  labels: labels.length,
  findings: counted,
  truePositives: tp,
  falsePositives: falsePositives.length,
  misses: misses.length,
  recall: Number(recall.toFixed(4)),
  precision: Number(precision.toFixed(4)),
  f1: Number(f1.toFixed(4)),
}
if (values.json) {
  console.log(JSON.stringify({ summary, perRule: Object.fromEntries(perRule) }, null, 2))
} else {
  console.log(JSON.stringify(summary))
  const show = Number(values.show)
  if (show > 0) {
    console.log('misses:', misses.slice(0, show))
    console.log('false positives:', falsePositives.slice(0, show))
  }
}
