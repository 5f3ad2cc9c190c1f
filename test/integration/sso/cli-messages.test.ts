import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { runCli, tempHome } from '../../helpers/cli.js'

vi.setConfig({ testTimeout: 120_000 })
const home = tempHome()
afterAll(() => home.remove())
const run = async (args: string[]) => {
  const r = await runCli(args, { env: home.env })
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) }
}

describe('messages that say what to do (issue 9.9)', () => {
  it('a mistyped command: exit 2 and "did you mean"', async () => {
    for (const [typed, meant] of [
      ['rn', 'secrets run'],
      ['lgin', 'secrets login'],
      ['whomai', 'secrets whoami'],
    ] as const) {
      const result = await run([typed])
      expect(result.exitCode).toBe(2)
      expect(result.stderr).toContain(`There is no command \`secrets ${typed}\``)
      expect(result.stderr).toContain(`Did you mean \`${meant}\``)
    }
  })

  it('a mistyped flag: "did you mean", and one help pointer', async () => {
    for (const [args, hint] of [
      [['get', '--profle', 'dev', '/a'], '--profle: did you mean --profile?'],
      [['run', '--pathh', '/a', '--', 'true'], '--pathh: did you mean --path?'],
    ] as const) {
      const result = await run([...args])
      expect(result.exitCode).not.toBe(0)
      expect(result.stderr).toContain(hint)
      expect(result.stderr).not.toContain('See more help with --help')
      expect(result.stderr.match(/--help/g)).toHaveLength(1)
    }
    const missing = await run(['get'])
    expect(missing.exitCode).toBe(2)
    expect(missing.stderr.match(/--help/g)).toHaveLength(1)
  })

  it('`secrets help run` shows run help, whose usage line has -- CMD [ARGS...]', async () => {
    const result = await run(['help', 'run'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toContain('$ secrets run [FLAGS] -- CMD [ARGS...]')
    const direct = await run(['run', '--help'])
    expect(direct.stdout).toContain('$ secrets run [FLAGS] -- CMD [ARGS...]')
  })

  it('history and delete have examples', async () => {
    for (const command of ['history', 'delete']) {
      const result = await run([command, '--help'])
      expect(result.stdout).toContain('EXAMPLES')
      expect(result.stdout).toContain(`$ secrets ${command} /app/dev/`)
    }
  })

  it('an unusable config directory is exit 5 naming the path, not "a bug"', async () => {
    // A file where the directory should be fails for root too (chmod would not).
    const blocker = join(home.dir, 'not-a-dir')
    writeFileSync(blocker, '')
    const r = await runCli(['set', '/app/dev/x'], {
      env: { ...home.env, XDG_CONFIG_HOME: blocker },
      input: 'v\n',
    })
    expect(r.exitCode).toBe(5)
    // The private-dir check names it first (not a directory), exit 5 like any unusable config dir.
    expect(String(r.stderr)).toMatch(new RegExp(`(Cannot use|Refusing to use) ${blocker}`))
    expect(String(r.stderr)).not.toContain('bug')
  })

  it('run --path that injects nothing fails 125 (issue 23.6), and only warns with --allow-empty', async () => {
    const failed = await run(['run', '--path', '/nope', '--', 'true'])
    expect(failed.exitCode).toBe(125)
    expect(failed.stderr).toContain(
      'secrets: error: --path /nope: no parameters under it in the local store.',
    )
    const r = await run(['run', '--path', '/nope', '--allow-empty', '--', 'true'])
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stderr).toContain('warning: --path /nope: no parameters under it in the local store')
  })
})
