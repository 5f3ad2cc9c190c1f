import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { BIN, ROOT, tempHome, type TempHome } from '../../helpers/cli.js'

// Several real CLI processes per test on a shared, loaded machine (scrypt, Secret Service).
vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 })

/**
 * Node 20 scans its whole argv for `--env-file`, even after the script name, and fails with
 * "node: x: not found" (exit 9) before our code runs. The bin's shebang (`env -S node --`)
 * ends Node's options; these tests start the real bin/run.js the way a shell does (by its
 * shebang, directly and through a symlink as npm links it), never as `node bin/run.js`.
 */
describe('--env-file reaches secrets, not Node', () => {
  let home: TempHome
  let linked: string

  beforeAll(() => {
    home = tempHome()
    mkdirSync(join(home.dir, 'bin'))
    linked = join(home.dir, 'bin', 'secrets')
    symlinkSync(BIN, linked)
    mkdirSync(join(home.dir, 'a-directory.env'))
  })
  afterAll(() => home.remove())

  const exec = (file: string, args: string[]) =>
    execa(file, args, {
      env: { PATH: process.env.PATH ?? '', ...home.env },
      extendEnv: false,
      reject: false,
      cwd: home.dir,
      stdin: 'ignore',
      timeout: 30_000,
    })

  it.each([
    ['bin/run.js', ['--env-file', 'nope.env']],
    ['bin/run.js', ['--env-file=nope.env']],
    ['npm bin link', ['--env-file', 'nope.env']],
    ['npm bin link', ['--env-file=nope.env']],
  ])('run %s %j: our error, exit 125, naming the file and why', async (via, flag) => {
    const result = await exec(via === 'bin/run.js' ? BIN : linked, ['run', ...flag, '--', 'true'])
    expect(result.stderr).not.toMatch(/^node:/m)
    expect(result.exitCode).toBe(125)
    expect(result.stderr).toContain(`Cannot read env file ${join(home.dir, 'nope.env')}: no such file`)
    expect(result.stderr).toContain('next: Check the path given to --env-file')
  })

  it('run with an env file that cannot be read (a directory): our error, exit 125', async () => {
    const result = await exec(BIN, ['run', '--env-file', 'a-directory.env', '--', 'true'])
    expect(result.stderr).not.toMatch(/^node:/m)
    expect(result.exitCode).toBe(125)
    expect(result.stderr).toContain(
      `Cannot read env file ${join(home.dir, 'a-directory.env')}: it is a directory`,
    )
  })

  it('run with a readable env file: its values reach the child', async () => {
    writeFileSync(join(home.dir, 'ok.env'), 'FROM_FILE=hello\n')
    const dump = join(ROOT, 'test', 'fixtures', 'run', 'env-dump.mjs')
    const result = await exec(linked, [
      'run',
      '--env-file',
      'ok.env',
      '--',
      process.execPath,
      dump,
      'FROM_FILE',
    ])
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({ FROM_FILE: 'hello' })
  })

  it.each([[['--env-file', 'x']], [['--env-file=x']]])('scan %j: our usage error, exit 2', async (flag) => {
    const result = await exec(BIN, ['scan', ...flag])
    expect(result.stderr).not.toMatch(/^node:/m)
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('Unknown flag --env-file')
  })
})
