import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { runCli } from '../../helpers/cli.js'
import { GITHUB_TOKEN, tempTree, type TempTree } from './scan-repo.js'

let tree: TempTree | undefined
afterEach(() => tree?.remove())

const scan = (args: string[], cwd: string) => runCli(['scan', ...args], { cwd, env: { NO_COLOR: '1' } })
const tail = `****${GITHUB_TOKEN.slice(-4)}`

describe('secrets scan output: paths and skipped files', () => {
  it('prints paths relative to the current directory, as ripgrep does', async () => {
    tree = await tempTree()
    tree.write('pkg/src/app.ts', `const t = "${GITHUB_TOKEN}"\n`)
    const fromTop = await scan(['pkg'], tree.dir)
    expect(fromTop.stdout).toBe(`pkg/src/app.ts:1:12  github-pat  ${tail}`)
    const fromInside = await scan(['.'], join(tree.dir, 'pkg', 'src'))
    expect(fromInside.stdout).toBe(`app.ts:1:12  github-pat  ${tail}`)
    // Outside the current directory: absolute, never a path that means something else.
    tree.write('other/README.md', 'nothing here\n')
    const elsewhere = await scan([join(tree.dir, 'pkg')], join(tree.dir, 'other'))
    expect(elsewhere.stdout).toBe(`${join(tree.dir, 'pkg', 'src', 'app.ts')}:1:12  github-pat  ${tail}`)
    // JSON is for programs: paths relative to the scan root, and the root said plainly.
    const json = JSON.parse(
      String((await scan([join(tree.dir, 'pkg'), '--format', 'json'], join(tree.dir, 'other'))).stdout),
    )
    expect(json.root).toBe(join(tree.dir, 'pkg'))
    expect(json.findings.map((f: { path: string }) => f.path)).toEqual(['src/app.ts'])
  })

  it('--staged from a subdirectory shows repository files relative to it (or absolute outside it)', async () => {
    tree = await tempTree({ git: true })
    tree.write('web/a.ts', `const t = "${GITHUB_TOKEN}"\n`)
    tree.write('api/b.ts', `const t = "${GITHUB_TOKEN}"\n`)
    await tree.git('add', '.')
    const result = await scan(['--staged'], join(tree.dir, 'web'))
    expect(result.exitCode).toBe(1)
    // In columns (issue 23.19): the short path is padded to the absolute one.
    const outside = `${join(tree.dir, 'api', 'b.ts')}:1:12`
    expect(String(result.stdout).split('\n')).toEqual([
      `${outside}  github-pat  ${tail}`,
      `${'a.ts:1:12'.padEnd(outside.length)}  github-pat  ${tail}`,
    ])
  })

  it('counts oversized files always and names them with --verbose and in JSON and SARIF', async () => {
    tree = await tempTree()
    tree.write('.secretsrc.json', JSON.stringify({ scan: { maxFileSize: 1000 } }))
    tree.write('dist/bundle.min.js', `${'x'.repeat(5000)}\n`)
    tree.write('src/ok.ts', 'export const a = 1\n')
    const plain = await scan(['.'], tree.dir)
    expect(plain.exitCode).toBe(0)
    expect(plain.stderr).toMatch(/skipped 1 \(0 binary, 1 oversized, 0 unreadable\)/)
    expect(plain.stderr).not.toContain('bundle.min.js')

    const verbose = await scan(['.', '--verbose'], join(tree.dir, 'dist'))
    expect(verbose.exitCode).toBe(0)
    expect(verbose.stderr).toContain(
      'secrets scan: skipped bundle.min.js (5001 bytes, over scan.maxFileSize)',
    )

    const json = JSON.parse(String((await scan(['.', '--format', 'json'], tree.dir)).stdout))
    expect(json.stats.oversizedFiles).toEqual([{ path: 'dist/bundle.min.js', size: 5001 }])

    const sarif = JSON.parse(String((await scan(['.', '--format', 'sarif'], tree.dir)).stdout))
    const [note] = sarif.runs[0].invocations[0].toolExecutionNotifications
    expect(note.locations[0].physicalLocation.artifactLocation.uri).toBe('dist/bundle.min.js')
    expect(sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/\/.*\/$/)
  })
})
