/**
 * Attack: a repository whose `.git/config` runs programs (a downloaded tarball with its
 * `.git`, a shared directory another user can write): `core.fsmonitor`, a `diff.<driver>.textconv`
 * bound to every file by `.gitattributes`, and `diff.external`, each set to a script that
 * creates a marker file. The old code ran `git ls-files` and `git diff --cached` plainly, and
 * both run core.fsmonitor to refresh the index: a plain `secrets scan` (or the pre-commit
 * hook) executed the repository's program. (textconv and external diff drivers only run for
 * patches, which no scan asks for; they are switched off anyway and tested here so it stays so.)
 *
 * Now: every git the scanner starts runs with `-c core.fsmonitor=false -c diff.external=
 * -c core.pager=cat`, and diff/log with --no-ext-diff --no-textconv; no marker appears.
 *
 * Also here, the hook installer: with `core.hooksPath=.husky` (inside the work tree) the old
 * `hook install` wrote a hook holding this clone's absolute path into a tracked file. Now it
 * refuses, writes nothing and prints the one PATH-based line to add; `--in-tree` writes a
 * hook that calls `secrets` from PATH, with no absolute path in it.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { BIN, runCli } from '../helpers/cli.js'
import { GITHUB_TOKEN, tempTree, type TempTree } from '../integration/scan/scan-repo.js'

let tree: TempTree | undefined
afterEach(() => tree?.remove())

describe('a hostile .git/config cannot make a scan run its programs', () => {
  it('core.fsmonitor, a textconv driver and diff.external never run (tree, --staged, --history, hook install)', async () => {
    tree = await tempTree({ git: true })
    const marker = (name: string) => join(tree?.dir ?? '', `MARKER-${name}`)
    const script = (name: string) => {
      const file = join(tree?.dir ?? '', '.git', `${name}.sh`)
      writeFileSync(file, `#!/bin/sh\ntouch '${marker(name)}'\ncat "$@" 2>/dev/null\nexit 0\n`)
      chmodSync(file, 0o755)
      return file
    }
    tree.write('.gitattributes', '* diff=evil\n')
    tree.write('a.ts', 'export const a = 1\n')
    await tree.git('add', '-A')
    await tree.git('commit', '-qm', 'one')
    tree.write('a.ts', 'export const a = 2\n')
    await tree.git('add', 'a.ts')
    await tree.git('config', 'core.fsmonitor', script('fsmonitor'))
    await tree.git('config', 'diff.evil.textconv', script('textconv'))
    await tree.git('config', 'diff.external', script('external'))

    for (const args of [['scan'], ['scan', '--staged'], ['scan', '--history'], ['hook', 'install']]) {
      const result = await runCli(args, { cwd: tree.dir })
      expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(0)
    }
    expect(existsSync(marker('fsmonitor'))).toBe(false)
    expect(existsSync(marker('textconv'))).toBe(false)
    expect(existsSync(marker('external'))).toBe(false)
    // The control: the same config does run them for plain git.
    await execa('git', ['status'], { cwd: tree.dir, env: { GIT_CONFIG_NOSYSTEM: '1', HOME: tree.dir } })
    expect(existsSync(marker('fsmonitor'))).toBe(true)
  })
})

describe('hook install never writes this clone into the work tree', () => {
  it('core.hooksPath=.husky: refuses, writes nothing, prints the one line; --in-tree writes a PATH-only hook', async () => {
    tree = await tempTree({ git: true })
    await tree.git('config', 'core.hooksPath', '.husky')
    const refused = await runCli(['hook', 'install'], { cwd: tree.dir })
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toContain('.husky (core.hooksPath) is inside the work tree')
    expect(refused.stderr).toContain('Add this line to .husky/pre-commit')
    expect(refused.stderr).toContain('secrets scan --staged')
    expect(existsSync(join(tree.dir, '.husky'))).toBe(false)

    const written = await runCli(['hook', 'install', '--in-tree'], { cwd: tree.dir })
    expect(written.exitCode).toBe(0)
    const hook = readFileSync(join(tree.dir, '.husky', 'pre-commit'), 'utf8')
    expect(hook).not.toContain(BIN)
    expect(hook).not.toContain(tree.dir)
    expect(hook).not.toContain(process.execPath)
    expect(hook).toContain('exec "$@" scan --staged')

    // It works with `secrets` on PATH.
    const bin = join(tree.dir, '.git', 'bin')
    mkdirSync(bin)
    writeFileSync(join(bin, 'secrets'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`)
    chmodSync(join(bin, 'secrets'), 0o755)
    tree.write('leak.ts', `export const t = "${GITHUB_TOKEN}"\n`)
    await tree.git('add', 'leak.ts')
    const commit = await execa('git', ['commit', '-qm', 'leak'], {
      cwd: tree.dir,
      reject: false,
      env: {
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: tree.dir,
        NO_COLOR: '1',
        PATH: `${bin}:${process.env.PATH ?? ''}`,
      },
    })
    expect(commit.exitCode).toBe(1)
    expect(commit.stderr).toContain('leak.ts:1:19  github-pat')
  })
})
