import { afterEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../../helpers/cli.js'
import { GITHUB_TOKEN, STRIPE_KEY, tempTree, type TempTree } from './scan-repo.js'

let tree: TempTree | undefined
afterEach(() => tree?.remove())

const entries = (dir: string) =>
  (
    JSON.parse(readFileSync(join(dir, '.secrets-baseline.json'), 'utf8')) as { findings: { path: string }[] }
  ).findings
    .map((f) => f.path)
    .sort()

describe('the baseline: one file for scan and the hook, merged on write', () => {
  it('--write-baseline merges into an existing baseline, says what changed, and --prune drops what is gone', async () => {
    tree = await tempTree({ git: true })
    tree.write('a.ts', `export const t = "${GITHUB_TOKEN}"\n`)
    tree.write('b.ts', `export const k = "${STRIPE_KEY}"\n`)
    tree.write('c.env', `db_password = "${['Zq8R2mVt', '5Kc9Lw3N', 'x7Pb1Hd6'].join('')}"\n`)
    const first = await runCli(['scan', '--write-baseline', '.secrets-baseline.json'], { cwd: tree.dir })
    expect(first.exitCode).toBe(0)
    expect(first.stderr).toContain('3 added, 0 kept')
    expect(entries(tree.dir)).toEqual(['a.ts', 'b.ts', 'c.env'])

    // The blocked-commit advice: a staged scan that sees one file must not lose the other two.
    tree.write('d.ts', `export const t2 = "${GITHUB_TOKEN}" + "x"\n`)
    await tree.git('add', 'd.ts')
    const staged = await runCli(['scan', '--staged', '--write-baseline', '.secrets-baseline.json'], {
      cwd: tree.dir,
    })
    expect(staged.exitCode).toBe(0)
    expect(staged.stderr).toContain('1 added, 3 kept')
    expect(entries(tree.dir)).toEqual(['a.ts', 'b.ts', 'c.env', 'd.ts'])
    expect((await runCli(['scan'], { cwd: tree.dir })).exitCode).toBe(0)

    tree.write('b.ts', 'export const k = process.env.STRIPE\n')
    const pruned = await runCli(['scan', '--write-baseline', '.secrets-baseline.json', '--prune'], {
      cwd: tree.dir,
    })
    expect(pruned.stderr).toContain('0 added, 3 kept, 1 pruned')
    expect(entries(tree.dir)).toEqual(['a.ts', 'c.env', 'd.ts'])
  })

  it('plain scan applies .secrets-baseline.json at the top like the hook, says so; --no-baseline opts out', async () => {
    tree = await tempTree({ git: true })
    tree.write('src/a.ts', `export const t = "${GITHUB_TOKEN}"\n`)
    expect(
      (await runCli(['scan', '--write-baseline', '.secrets-baseline.json'], { cwd: tree.dir })).exitCode,
    ).toBe(0)
    const plain = await runCli(['scan'], { cwd: tree.dir })
    expect(plain.exitCode).toBe(0)
    expect(plain.stderr).toContain(
      '1 suppressed (0 secrets:allow, 0 allowlist, 1 baseline); baseline .secrets-baseline.json applied',
    )
    // From a subdirectory, the same file and the same verdict (paths are relative to the baseline).
    const sub = await runCli(['scan', '.'], { cwd: join(tree.dir, 'src') })
    expect(sub.exitCode).toBe(0)
    expect(sub.stderr).toContain('baseline ../.secrets-baseline.json applied')
    const opted = await runCli(['scan', '--no-baseline'], { cwd: tree.dir })
    expect(opted.exitCode).toBe(1)
    expect(opted.stderr).not.toContain('applied')
  })

  it('counts secrets:allow lines with the suppressed; says blobs for git scans', async () => {
    tree = await tempTree({ git: true })
    tree.write('a.ts', `export const t = "${GITHUB_TOKEN}" // secrets:allow fixture\n`)
    const result = await runCli(['scan'], { cwd: tree.dir })
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toContain('1 suppressed (1 secrets:allow, 0 allowlist, 0 baseline)')
    await tree.git('add', '-A')
    await tree.git('commit', '-qm', 'x')
    const history = await runCli(['scan', '--history'], { cwd: tree.dir })
    expect(history.stderr).toContain('scanned 1 blob (')
  })

  it('--list-rules prints every rule with its description and source, the project ones included', async () => {
    tree = await tempTree()
    tree.write(
      '.secretsrc.json',
      JSON.stringify({
        scan: {
          allowRules: ['jwt'],
          rules: [
            { id: 'acme-token', regex: 'acme_[a-z0-9]{16}', keywords: ['acme_'], description: 'ACME token' },
          ],
        },
      }),
    )
    const result = await runCli(['scan', '--list-rules'], { cwd: tree.dir })
    expect(result.exitCode).toBe(0)
    const lines = String(result.stdout).split('\n')
    expect(lines.find((l) => l.startsWith('github-pat '))).toMatch(/^github-pat +GitHub .+ +built-in$/)
    expect(lines.find((l) => l.startsWith('jwt '))).toMatch(/built-in \(off: scan\.allowRules\)$/)
    expect(lines.at(-1)).toMatch(/^acme-token +ACME token +.+\.secretsrc\.json$/)
  })
})
