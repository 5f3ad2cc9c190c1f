import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli.js'
import { GITHUB_TOKEN, STRIPE_KEY, tempTree, type TempTree } from './scan-repo.js'

let tree: TempTree | undefined
afterEach(() => tree?.remove())

const scan = (args: string[], cwd: string) => runCli(['scan', ...args], { cwd, env: { NO_COLOR: '1' } })

describe('secrets scan --staged', () => {
  it('scans the index content, not the working tree', async () => {
    tree = await tempTree({ git: true })
    tree.write('a.ts', 'export const a = 1\n')
    await tree.git('add', 'a.ts')
    await tree.git('commit', '-qm', 'init')
    // Staged: a secret. Working tree: cleaned afterwards, but not staged.
    tree.write('a.ts', `export const a = "${GITHUB_TOKEN}"\n`)
    await tree.git('add', 'a.ts')
    tree.write('a.ts', 'export const a = 2\n')
    // Working tree only: never staged.
    tree.write('b.ts', `export const b = "${STRIPE_KEY}"\n`)
    const result = await scan(['--staged'], tree.dir)
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toBe(`a.ts:1:19  github-pat  ****${GITHUB_TOKEN.slice(-4)}`)
    // And the reverse: secret in the working tree only → staged scan is clean.
    await tree.git('add', 'a.ts')
    expect((await scan(['--staged'], tree.dir)).exitCode).toBe(0)
  })

  it('exits 2 outside a git repository', async () => {
    tree = await tempTree()
    const result = await scan(['--staged'], tree.dir)
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('git repository')
  })
})

describe('secrets scan --history', () => {
  it('finds a deleted secret with commit, author, date and path, each blob once', async () => {
    tree = await tempTree({ git: true })
    tree.write('config.py', `TOKEN = "${GITHUB_TOKEN}"\n`)
    tree.write('copy.py', `TOKEN = "${GITHUB_TOKEN}"\n`)
    await tree.git('add', '.')
    await tree.git('commit', '-qm', 'add config')
    const leak = (await tree.git('rev-parse', 'HEAD')).trim()
    tree.write('config.py', 'TOKEN = os.environ["TOKEN"]\n')
    await tree.git('rm', '-q', 'copy.py')
    await tree.git('add', '.')
    await tree.git('commit', '-qm', 'remove secret')
    const base = (await tree.git('rev-parse', 'HEAD')).trim()

    expect((await scan(['.'], tree.dir)).exitCode).toBe(0)
    const result = await scan(['--history', '--format', 'json'], tree.dir)
    expect(result.exitCode).toBe(1)
    const { findings } = JSON.parse(String(result.stdout))
    // Both paths hold the same blob: scanned (and reported) once.
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({
      ruleId: 'github-pat',
      line: 1,
      commit: { sha: leak, author: 'Test Author <author@example.org>' },
    })
    expect(['config.py', 'copy.py']).toContain(findings[0].path)
    expect(findings[0].commit.date).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(result.stdout).not.toContain(GITHUB_TOKEN)

    // --since: only commits after REV.
    tree.write('later.ts', `const k = "${STRIPE_KEY}"\n`)
    await tree.git('add', '.')
    await tree.git('commit', '-qm', 'later leak')
    const since = await scan(['--history', '--since', base, '--format', 'json'], tree.dir)
    expect(since.exitCode).toBe(1)
    expect(JSON.parse(String(since.stdout)).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual([
      'stripe-secret-key',
    ])
    const text = await scan(['--history'], tree.dir)
    expect(text.stdout).toMatch(
      /later\.ts:1:12 {2}stripe-secret-key {2}\*\*\*\*\w{4} {2}commit [0-9a-f]{12} Test Author/,
    )
  })

  it('reports a secret that survives several versions of a file once, at its first commit', async () => {
    tree = await tempTree({ git: true })
    tree.write('app.ts', `const t = "${GITHUB_TOKEN}"\n`)
    await tree.git('add', '.')
    await tree.git('commit', '-qm', 'leak')
    const first = (await tree.git('rev-parse', 'HEAD')).trim()
    for (let i = 0; i < 3; i++) {
      tree.write('app.ts', `const t = "${GITHUB_TOKEN}"\n${'// edit\n'.repeat(i + 1)}`)
      await tree.git('commit', '-qam', `edit ${i}`)
    }
    const result = await scan(['--history', '--format', 'json'], tree.dir)
    const { findings, stats } = JSON.parse(String(result.stdout))
    expect(stats.files).toBe(4)
    expect(findings).toHaveLength(1)
    expect(findings[0].commit.sha).toBe(first)
  })

  it('skips binary and oversized blobs in history and counts them', async () => {
    tree = await tempTree({ git: true })
    tree.write('.secretsrc.json', JSON.stringify({ scan: { maxFileSize: 4096 } }))
    tree.write('image.bin', Buffer.concat([Buffer.from([0, 0, 1]), Buffer.from(GITHUB_TOKEN)]))
    tree.write('big.txt', `${'x'.repeat(8192)}\n${GITHUB_TOKEN}\n`)
    tree.write('small.ts', 'export {}\n')
    await tree.git('add', '.')
    await tree.git('commit', '-qm', 'blobs')
    const result = await scan(['--history', '--format', 'json'], tree.dir)
    expect(result.exitCode).toBe(0)
    const { stats } = JSON.parse(String(result.stdout))
    expect(stats).toMatchObject({ files: 2, skippedBinary: 1, skippedOversized: 1 })
  })

  it('exits 2 for an unknown --since revision', async () => {
    tree = await tempTree({ git: true })
    tree.write('a.ts', 'x\n')
    await tree.git('add', '.')
    await tree.git('commit', '-qm', 'init')
    expect((await scan(['--history', '--since', 'no-such-rev'], tree.dir)).exitCode).toBe(2)
  })
})
