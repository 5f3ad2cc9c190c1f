import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli.js'
import { tempTree, type TempTree } from './scan-repo.js'

let tree: TempTree | undefined
afterEach(() => tree?.remove())

const scan = (args: string[], cwd: string) => runCli(['scan', ...args], { cwd, env: { NO_COLOR: '1' } })

/** A company's internal token format (`acme_live_` + 32 base62), assembled at run time. */
const ACME_TOKEN = ['acme', 'live', 'Q8rT2mVx5Kc9Lw3Nz7Pb1Hd6Fj4Gs0aE'].join('_')
const ACME_RULE = {
  id: 'acme-api-token',
  description: 'ACME internal API token',
  regex: '(?<![A-Za-z0-9_])acme_live_[A-Za-z0-9]{32}(?![A-Za-z0-9])',
  keywords: ['acme_live_'],
  minEntropy: 3.5,
}

describe('secrets scan with .secretsrc.json scan.rules', () => {
  it('finds a custom token in a small tree and in a tree big enough for worker threads', async () => {
    tree = await tempTree()
    tree.write('.secretsrc.json', JSON.stringify({ scan: { rules: [ACME_RULE] } }))
    tree.write('deploy/app.env', `ACME_TOKEN=${ACME_TOKEN}\n`)
    const small = await scan(['.'], tree.dir)
    expect(small.exitCode).toBe(1)
    expect(small.stdout).toBe(`deploy/app.env:1:12  acme-api-token  ****${ACME_TOKEN.slice(-4)}`)
    expect(`${small.stdout}${small.stderr}`).not.toContain(ACME_TOKEN)

    for (let i = 0; i < 400; i++)
      tree.write(
        `pkg${i % 10}/f${i}.ts`,
        i % 100 === 7 ? `const t = "${ACME_TOKEN}"\n` : `export const v = ${i}\n`,
      )
    // Two threads whatever the machine: the project rules run beside the scan workers.
    const big = await runCli(['scan', '.', '--format', 'json'], {
      cwd: tree.dir,
      env: { NO_COLOR: '1', SECRETS_SCAN_THREADS: '2' },
    })
    expect(big.exitCode).toBe(1)
    const report = JSON.parse(String(big.stdout))
    expect(report.findings).toHaveLength(5)
    expect(new Set(report.findings.map((f: { title: string }) => f.title))).toEqual(
      new Set([ACME_RULE.description]),
    )
    expect(String(big.stdout)).not.toContain(ACME_TOKEN)
  })

  it('rejects an invalid regex and a built-in id with exit 2, naming the key', async () => {
    tree = await tempTree()
    tree.write(
      '.secretsrc.json',
      JSON.stringify({ scan: { rules: [{ ...ACME_RULE, regex: 'acme_(live' }] } }),
    )
    const invalid = await scan(['.'], tree.dir)
    expect(invalid.exitCode).toBe(2)
    expect(invalid.stderr).toContain('"scan.rules[0].regex" is not a valid regular expression')
    tree.write('.secretsrc.json', JSON.stringify({ scan: { rules: [{ ...ACME_RULE, id: 'github-pat' }] } }))
    const duplicate = await scan(['.'], tree.dir)
    expect(duplicate.exitCode).toBe(2)
    expect(duplicate.stderr).toContain('"scan.rules[0].id" "github-pat" is already a built-in rule')
  })

  it('rejects a catastrophically backtracking regex (the built-ins ReDoS bound) with exit 2', async () => {
    tree = await tempTree()
    const nested = { ...ACME_RULE, regex: 'acme_live_(?:[a-z0-9]+)+;' }
    tree.write(
      '.secretsrc.json',
      JSON.stringify({ scan: { rules: [ACME_RULE, nested].map((r, i) => ({ ...r, id: `r${i}` })) } }),
    )
    tree.write('a.env', `T=${ACME_TOKEN}\n`)
    const started = Date.now()
    const result = await scan(['.'], tree.dir)
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('"scan.rules[1].regex" backtracks catastrophically')
    expect(result.stdout).toBe('')
    // The watchdog stops the probe (5 × the 400 ms bound), not the regex finishing.
    expect(Date.now() - started).toBeLessThan(30_000)
  })
})
