/**
 * Attack: a hostile pull request scanned in CI with the documented recipe
 * (`secrets scan --history --range BASE..HEAD`) adds a leak and, in the same range, the policy
 * that hides it: `.secretsrc.json` `"scan": {"allowRules": ["generic-secret"], "allowPaths":
 * ["**"]}` and a baseline entry accepting the leak. The old code read both from the work tree
 * (the PR's own checkout), so the PR suppressed its own leak: 0 findings, exit 0.
 *
 * Now: in --range mode the `scan` section and the baseline come from BASE (read from git),
 * the leak is reported, and each change the range makes to the policy is a finding of its
 * own, `scan-policy-changed`, attributed to the commit that made it.
 *
 * Second attack, same boundary: a project rule that slips past the ReDoS probe
 * (`kwx(q+q+)+z`, on `kwx` + 34 `q`: 34 s and doubling per character) blocked a commit's hook
 * for as long as the regex ran. Now project rules run in a worker under a per-file budget:
 * the commit's scan ends in bounded time and names the file and rule it gave up on.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { STRIPE_KEY, tempTree, type TempTree } from '../integration/scan/scan-repo.js'

let tree: TempTree | undefined
afterEach(() => tree?.remove())

/** A generic secret only `generic-secret` reports (no provider prefix). */
const PASSWORD = ['Zq8R2mVt', '5Kc9Lw3N', 'x7Pb1Hd6'].join('')

describe('a pull request cannot choose the policy it is scanned with', () => {
  it('reads the scan section and the baseline from the base revision and reports the PR changing them', async () => {
    tree = await tempTree({ git: true })
    tree.write('.secretsrc.json', '{"scan":{"allowPaths":["test/fixtures/**"]}}\n')
    tree.write('src/app.ts', 'export const ok = true\n')
    await tree.git('add', '-A')
    await tree.git('commit', '-qm', 'base')
    await tree.git('checkout', '-qb', 'pr')
    // The PR: a leak, plus everything that would hide it.
    tree.write('src/db.ts', `export const db_password = "${PASSWORD}"\nexport const k = "${STRIPE_KEY}"\n`)
    tree.write(
      '.secretsrc.json',
      '{"scan":{"allowRules":["generic-secret","stripe-secret-key"],"allowPaths":["**"]}}\n',
    )
    await tree.git('add', '-A')
    await tree.git('commit', '-qm', 'feature')
    // A baseline that accepts the leak, written with the PR's own (lax) config out of the way.
    tree.write('.secretsrc.json', '{}\n')
    const accepted = await runCli(['scan', '--write-baseline', '.secrets-baseline.json'], { cwd: tree.dir })
    expect(accepted.exitCode).toBe(0)
    tree.write(
      '.secretsrc.json',
      '{"scan":{"allowRules":["generic-secret","stripe-secret-key"],"allowPaths":["**"]}}\n',
    )
    await tree.git('add', '-A')
    await tree.git('commit', '-qm', 'accept')

    // Before: what the work tree's policy says (the PR's) — the plain tree scan obeys it.
    const tree_ = await runCli(['scan'], { cwd: tree.dir })
    expect(tree_.exitCode).toBe(0)

    const result = await runCli(['scan', '--history', '--range', 'main..pr', '--format', 'json'], {
      cwd: tree.dir,
    })
    expect(result.exitCode).toBe(1)
    const report = JSON.parse(String(result.stdout)) as {
      findings: { ruleId: string; path: string; commit?: { sha: string } }[]
    }
    const found = report.findings.map((f) => `${f.path} ${f.ruleId}`).sort()
    expect(found).toEqual([
      '.secrets-baseline.json scan-policy-changed',
      '.secretsrc.json scan-policy-changed',
      'src/db.ts generic-secret',
      'src/db.ts stripe-secret-key',
    ])
    const policy = report.findings.find((f) => f.path === '.secretsrc.json')
    expect(policy?.commit?.sha).toBe(await tree.git('rev-parse', 'pr~1')) // 'feature' changed it
    expect(result.stdout).not.toContain(PASSWORD)
    expect(result.stdout).not.toContain(STRIPE_KEY)
  })

  it('a range that leaves the policy alone reports only its leaks, with the base baseline applied', async () => {
    tree = await tempTree({ git: true })
    tree.write('old.ts', `export const k = "${STRIPE_KEY}"\n`)
    await tree.git('add', '-A')
    await tree.git('commit', '-qm', 'old leak')
    expect(
      (await runCli(['scan', '--write-baseline', '.secrets-baseline.json'], { cwd: tree.dir })).exitCode,
    ).toBe(0)
    await tree.git('add', '-A')
    await tree.git('commit', '-qm', 'baseline')
    await tree.git('checkout', '-qb', 'pr')
    tree.write('old.ts', `export const k = "${STRIPE_KEY}"\nexport const more = 1\n`)
    await tree.git('add', '-A')
    await tree.git('commit', '-qm', 'touch')
    const result = await runCli(['scan', '--history', '--range', 'main..pr'], { cwd: tree.dir })
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('baseline .secrets-baseline.json at main applied')
    expect(result.exitCode).toBe(0)
  })
})

describe('a project rule cannot hold a commit hostage', () => {
  it('a catastrophic regex that slips past the ReDoS probe is stopped per file; the staged scan ends', async () => {
    tree = await tempTree({ git: true })
    tree.write(
      '.secretsrc.json',
      JSON.stringify({
        scan: { rules: [{ id: 'kwx-token', regex: 'kwx(q+q+)+z', keywords: ['kwx'], minEntropy: 0 }] },
      }),
    )
    tree.write('payload.txt', `kwx${'q'.repeat(34)}\n`)
    tree.write('other.txt', 'kwxqqz\n')
    await tree.git('add', '-A')
    const started = Date.now()
    const result = await runCli(['scan', '--staged', '--format', 'json'], { cwd: tree.dir, timeout: 30_000 })
    const elapsed = Date.now() - started
    expect(result.exitCode).toBe(1) // other.txt: the rule still works where it can
    expect(elapsed).toBeLessThan(15_000)
    const report = JSON.parse(String(result.stdout)) as {
      findings: { path: string; ruleId: string }[]
      stats: { notScanned: { path: string; reason: string; detail?: string }[] }
    }
    expect(report.findings.map((f) => `${f.path} ${f.ruleId}`)).toEqual(['other.txt kwx-token'])
    expect(report.stats.notScanned).toEqual([
      expect.objectContaining({ path: 'payload.txt', reason: 'rule-timeout' }),
    ])
    expect(result.stderr).toContain(
      'payload.txt: project rule kwx-token (scan.rules[0]) ran over its 1000 ms budget',
    )
  }, 40_000)
})
