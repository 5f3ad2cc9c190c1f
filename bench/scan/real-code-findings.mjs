// False alarms on real code: scans trees of published code and documentation that hold
// (almost) no live secrets — the installed Python packages (botocore, awscli, moto, cfn-lint,
// pygments, …), /usr/share/doc, /usr/lib/python3, and a node_modules tree — and counts what the
// scanner reports, per rule and per top-level package. Every finding there is a documentation
// example, a fixture or a false alarm, so the count is a held-out precision measure that no
// rule was written against. A quality report, not a timing.
// Usage: node bench/scan/real-code-findings.mjs [dir …]   (after npm run build)
//        JSON=out.json also writes the findings (masked, as the CLI prints them).
import { execFileSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const repo = resolve(import.meta.dirname, '../..')
function sitePackages() {
  try {
    return execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], {
      encoding: 'utf8',
    }).trim()
  } catch {
    return undefined
  }
}
const dirs = (
  process.argv.length > 2 ? process.argv.slice(2) : [sitePackages(), '/usr/share/doc', '/usr/lib/python3']
)
  .filter((d) => d && existsSync(d))
  .map((d) => resolve(d))

const all = []
for (const dir of dirs) {
  let out
  try {
    out = execFileSync(process.execPath, [join(repo, 'bin/run.js'), 'scan', dir, '--format', 'json'], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
  } catch (error) {
    out = error.stdout // exit 1: findings
  }
  const report = JSON.parse(out)
  const byRule = {}
  const byPackage = {}
  for (const f of report.findings) {
    byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1
    const top = f.path.split('/')[0]
    byPackage[top] = (byPackage[top] ?? 0) + 1
    all.push({ dir, ...f })
  }
  const top = (o) =>
    Object.entries(o)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')
  const perK = ((report.findings.length / Math.max(1, report.stats.files)) * 1000).toFixed(1)
  console.log(
    `${dir}: ${report.stats.files} files, ${report.findings.length} findings (${perK} per 1,000 files)`,
  )
  console.log(`  by rule: ${top(byRule)}`)
  console.log(`  by package: ${top(byPackage)}`)
}
if (process.env.JSON) writeFileSync(process.env.JSON, JSON.stringify(all, null, 2))
