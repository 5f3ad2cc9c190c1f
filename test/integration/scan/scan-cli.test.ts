import { afterEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { BIN, runCli } from '../../helpers/cli.js'
import { GITHUB_TOKEN, STRIPE_KEY, tempTree, type TempTree } from './scan-repo.js'

let tree: TempTree | undefined
afterEach(() => tree?.remove())

const scan = (args: string[], cwd: string) => runCli(['scan', ...args], { cwd, env: { NO_COLOR: '1' } })

function expectNoSecret(...texts: unknown[]) {
  for (const text of texts) {
    expect(String(text)).not.toContain(GITHUB_TOKEN)
    expect(String(text)).not.toContain(STRIPE_KEY)
  }
}

describe('secrets scan PATH', () => {
  it('exits 0 on a clean tree and 1 with file:line:col, rule and redacted match', async () => {
    tree = await tempTree()
    tree.write('clean.ts', 'export const answer = 42\n')
    const clean = await scan(['.'], tree.dir)
    expect(clean.exitCode).toBe(0)
    expect(clean.stdout).toBe('')
    tree.write('src/app.ts', `// config\nconst t = "${GITHUB_TOKEN}"\n`)
    const dirty = await scan(['.'], tree.dir)
    expect(dirty.exitCode).toBe(1)
    expect(dirty.stdout).toBe(`src/app.ts:2:12  github-pat  ****${GITHUB_TOKEN.slice(-4)}`)
    expect(dirty.stderr).toContain('1 secret found in 1 file')
    expect(dirty.stderr).toContain('secrets:allow')
    expectNoSecret(dirty.stdout, dirty.stderr)
  })

  it('honours .gitignore outside git, skips binaries and oversized files and counts them', async () => {
    tree = await tempTree()
    tree.write('.gitignore', 'ignored/\n*.log\n')
    tree.write('ignored/a.ts', `t = "${GITHUB_TOKEN}"\n`)
    tree.write('x.log', `t = "${GITHUB_TOKEN}"\n`)
    tree.write('sub/.gitignore', 'local.ts\n')
    tree.write('sub/local.ts', `t = "${GITHUB_TOKEN}"\n`)
    tree.write('bin.dat', Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(GITHUB_TOKEN)]))
    tree.write('big.txt', `${'x'.repeat(2 * 1024 * 1024)}\n${GITHUB_TOKEN}\n`)
    const result = await scan(['.'], tree.dir)
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toMatch(/skipped 2 \(1 binary, 1 oversized, 0 unreadable\)/)
  })

  it('honours .gitignore and untracked files inside git', async () => {
    tree = await tempTree({ git: true })
    tree.write('.gitignore', '.env\n')
    tree.write('.env', `GITHUB_TOKEN=${GITHUB_TOKEN}\n`)
    tree.write('untracked.py', `stripe.api_key = "${STRIPE_KEY}"\n`)
    const result = await scan(['.', '--format', 'json'], tree.dir)
    expect(result.exitCode).toBe(1)
    const report = JSON.parse(String(result.stdout))
    expect(report.findings.map((f: { path: string; ruleId: string }) => `${f.path}:${f.ruleId}`)).toEqual([
      'untracked.py:stripe-secret-key',
    ])
    expect(report.stats.files).toBe(2)
    expectNoSecret(result.stdout)
  })

  it('writes valid SARIF with redacted results', async () => {
    tree = await tempTree()
    tree.write('a.ts', `const t = "${GITHUB_TOKEN}"\n`)
    const result = await scan(['--format', 'sarif'], tree.dir)
    expect(result.exitCode).toBe(1)
    const sarif = JSON.parse(String(result.stdout))
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('a.ts')
    expectNoSecret(result.stdout, result.stderr)
  })

  it('applies allowlists from .secretsrc.json and rejects a bad key with exit 2', async () => {
    tree = await tempTree()
    tree.write('fixtures/a.ts', `const t = "${GITHUB_TOKEN}"\n`)
    tree.write('src/pay.ts', `const k = "${STRIPE_KEY}"\n`)
    tree.write(
      '.secretsrc.json',
      JSON.stringify({ scan: { allowPaths: ['fixtures/**'], allowRules: ['stripe-secret-key'] } }),
    )
    const allowed = await scan(['.'], tree.dir)
    expect(allowed.exitCode).toBe(0)
    expect(allowed.stderr).toContain('1 suppressed')
    tree.write('.secretsrc.json', JSON.stringify({ scan: { allowPath: ['x'] } }))
    const bad = await scan(['.'], tree.dir)
    expect(bad.exitCode).toBe(2)
    expect(bad.stderr).toContain('"scan.allowPath"')
  })

  it('writes a baseline of fingerprints only and then ignores those findings', async () => {
    tree = await tempTree()
    tree.write('a.ts', `const t = "${GITHUB_TOKEN}"\n`)
    const write = await scan(['.', '--write-baseline', 'baseline.json'], tree.dir)
    expect(write.exitCode).toBe(0)
    const baselineText = readFileSync(join(tree.dir, 'baseline.json'), 'utf8')
    expectNoSecret(baselineText)
    expect(JSON.parse(baselineText).findings).toHaveLength(1)
    expect((await scan(['.', '--baseline', 'baseline.json'], tree.dir)).exitCode).toBe(0)
    tree.write('b.ts', `const k = "${STRIPE_KEY}"\n`)
    const fresh = await scan(['.', '--baseline', 'baseline.json'], tree.dir)
    expect(fresh.exitCode).toBe(1)
    expect(fresh.stdout).toContain('b.ts:1:12  stripe-secret-key')
    expect(fresh.stdout).not.toContain('a.ts')
  })

  it.each([
    [['--format', 'xml']],
    [['--staged', '--history']],
    [['--since', 'HEAD']],
    [['--show-secrets']],
    [['does-not-exist']],
  ])('exits 2 on usage error %j', async (args) => {
    tree = await tempTree()
    tree.write('a.ts', `const t = "${GITHUB_TOKEN}"\n`)
    const result = await scan(args, tree.dir)
    expect(result.exitCode).toBe(2)
    expectNoSecret(result.stdout, result.stderr)
  })

  it('prints raw secrets only on a terminal and only with --show-secrets', async () => {
    tree = await tempTree()
    tree.write('a.ts', `const t = "${GITHUB_TOKEN}"\n`)
    // util-linux `script` gives the CLI a pseudo-terminal, as a developer's shell would.
    const onTty = (flags: string) =>
      execa('script', ['-qec', `node ${JSON.stringify(BIN)} scan ${flags}`, '/dev/null'], {
        cwd: tree?.dir,
        reject: false,
        env: { NO_COLOR: '1' },
      })
    const shown = await onTty('--show-secrets')
    expect(String(shown.stdout)).toContain(GITHUB_TOKEN)
    const hidden = await onTty('')
    expect(String(hidden.stdout)).toContain('a.ts:1:12  github-pat  ****')
    expect(String(hidden.stdout)).not.toContain(GITHUB_TOKEN)
  })

  it('scans large trees with worker threads and finds secrets in every batch', async () => {
    tree = await tempTree()
    for (let i = 0; i < 600; i++) {
      tree.write(
        `pkg${i % 20}/file${i}.ts`,
        i % 97 === 0 ? `const t = "${GITHUB_TOKEN}"\n` : `export const v${i} = ${i}\n`,
      )
    }
    // Two threads whatever the machine (the default is one on two cores), and one: the same report.
    const reports = []
    for (const threads of ['2', '1']) {
      const result = await runCli(['scan', '.', '--format', 'json'], {
        cwd: tree.dir,
        env: { NO_COLOR: '1', SECRETS_SCAN_THREADS: threads },
      })
      expect(result.exitCode).toBe(1)
      const report = JSON.parse(String(result.stdout))
      expect(report.stats.files).toBe(600)
      expect(report.findings).toHaveLength(7)
      delete report.stats.durationMs
      reports.push(report)
    }
    expect(reports[0]).toEqual(reports[1])
  })

  it('refuses a SECRETS_SCAN_THREADS that is not a number of threads (exit 2, the next step)', async () => {
    tree = await tempTree()
    tree.write('a.ts', 'export const a = 1\n')
    const result = await runCli(['scan', '.'], { cwd: tree.dir, env: { SECRETS_SCAN_THREADS: 'all' } })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('SECRETS_SCAN_THREADS must be a whole number')
    expect(result.stderr).toContain('next: Set it to 1')
  })
})
