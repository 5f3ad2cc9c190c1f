import { afterEach, describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { runCli } from '../../helpers/cli.js'
import { GITHUB_TOKEN, tempTree, type TempTree } from './scan-repo.js'

let tree: TempTree | undefined
afterEach(() => tree?.remove())

/** A real `git commit`, which runs the installed hook; never throws. */
function commit(dir: string, message: string) {
  return execa('git', ['commit', '-m', message], {
    cwd: dir,
    reject: false,
    env: { GIT_CONFIG_NOSYSTEM: '1', HOME: dir, NO_COLOR: '1' },
  })
}

describe('secrets hook install/uninstall', () => {
  it('blocks a commit with a secret (file:line, rule, redacted, how to allow) and passes a clean one', async () => {
    tree = await tempTree({ git: true })
    const install = await runCli(['hook', 'install'], { cwd: tree.dir })
    expect(install.exitCode).toBe(0)
    expect(readFileSync(join(tree.dir, '.git/hooks/pre-commit'), 'utf8')).toContain('secrets-hook v1')

    tree.write('clean.ts', 'export const ok = true\n')
    await tree.git('add', 'clean.ts')
    const clean = await commit(tree.dir, 'clean')
    expect(clean.exitCode).toBe(0)

    tree.write('leak.ts', `export const t = "${GITHUB_TOKEN}"\n`)
    await tree.git('add', 'leak.ts')
    const blocked = await commit(tree.dir, 'leak')
    expect(blocked.exitCode).not.toBe(0)
    const output = `${blocked.stdout}\n${blocked.stderr}`
    expect(output).toContain('leak.ts:1:19  github-pat  ****')
    expect(output).toContain('secrets:allow')
    expect(output).toContain('--no-verify')
    expect(output).not.toContain(GITHUB_TOKEN)
    expect(await tree.git('log', '--format=%s')).toBe('clean')

    // The documented way out for a false positive works.
    tree.write('leak.ts', `export const t = "${GITHUB_TOKEN}" // secrets:allow test value\n`)
    await tree.git('add', 'leak.ts')
    expect((await commit(tree.dir, 'allowed')).exitCode).toBe(0)
  })

  it('chains an existing hook and restores it on uninstall', async () => {
    tree = await tempTree({ git: true })
    const original = '#!/bin/sh\necho "original hook ran" >&2\n'
    tree.write('.git/hooks/pre-commit', original, 0o755)
    expect((await runCli(['hook', 'install'], { cwd: tree.dir })).exitCode).toBe(0)
    expect(readFileSync(join(tree.dir, '.git/hooks/pre-commit.secrets-chained'), 'utf8')).toBe(original)
    // Installing twice keeps the chain intact.
    expect((await runCli(['hook', 'install'], { cwd: tree.dir })).exitCode).toBe(0)

    tree.write('a.ts', 'export const a = 1\n')
    await tree.git('add', 'a.ts')
    const result = await commit(tree.dir, 'a')
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toContain('original hook ran')

    const uninstall = await runCli(['hook', 'uninstall'], { cwd: tree.dir })
    expect(uninstall.exitCode).toBe(0)
    expect(readFileSync(join(tree.dir, '.git/hooks/pre-commit'), 'utf8')).toBe(original)
    expect(existsSync(join(tree.dir, '.git/hooks/pre-commit.secrets-chained'))).toBe(false)
    // A foreign hook is never removed.
    expect((await runCli(['hook', 'uninstall'], { cwd: tree.dir })).exitCode).toBe(2)
    expect(readFileSync(join(tree.dir, '.git/hooks/pre-commit'), 'utf8')).toBe(original)
  })

  it('respects core.hooksPath outside the work tree', async () => {
    tree = await tempTree({ git: true })
    const hooks = join(tree.dir, '.git', 'shared-hooks')
    await tree.git('config', 'core.hooksPath', hooks)
    expect((await runCli(['hook', 'install'], { cwd: tree.dir })).exitCode).toBe(0)
    expect(existsSync(join(hooks, 'pre-commit'))).toBe(true)
    tree.write('leak.ts', `export const t = "${GITHUB_TOKEN}"\n`)
    await tree.git('add', 'leak.ts')
    expect((await commit(tree.dir, 'leak')).exitCode).not.toBe(0)
  })

  it('prints one set of advice on a blocked commit (the hook adds none of its own)', async () => {
    tree = await tempTree({ git: true })
    expect((await runCli(['hook', 'install'], { cwd: tree.dir })).exitCode).toBe(0)
    tree.write('leak.ts', `export const t = "${GITHUB_TOKEN}"\n`)
    await tree.git('add', 'leak.ts')
    const blocked = await commit(tree.dir, 'leak')
    expect(blocked.exitCode).toBe(1)
    expect(blocked.stderr.split('--no-verify').length - 1).toBe(1)
    expect(blocked.stderr.split('secrets:allow').length - 1).toBe(1)
    expect(blocked.stderr).toContain('Commit blocked')
  })

  it('exits 2 outside a repository', async () => {
    tree = await tempTree()
    expect((await runCli(['hook', 'install'], { cwd: tree.dir })).exitCode).toBe(2)
  })
})
