import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { ROOT, runCli, tempHome, trustConfig, type TempHome } from '../../helpers/cli.js'
import { motoEnv } from '../../helpers/moto.js'

const moto = inject('motoUrl')
const homes: TempHome[] = []
afterAll(() => homes.forEach((h) => h.remove()))
const FIXTURE = join(ROOT, 'test', 'fixtures', 'rotate', 'apply-secret.mjs')

type Variant = { name: string; keychain: 'file' | 'os'; store: 'local' | 'ssm' }
const variants: Variant[] = [
  { name: 'local store, file keychain', keychain: 'file', store: 'local' },
  { name: 'local store, OS keychain', keychain: 'os', store: 'local' },
  { name: 'ssm store (moto)', keychain: 'file', store: 'ssm' },
]

function setup(v: Variant) {
  const home = tempHome({ keychain: v.keychain })
  homes.push(home)
  const env = { ...home.env, ...motoEnv(moto) }
  const path = `/rotate-test/${home.dir.split('-').at(-1)}/db/password`
  const cli = (
    args: string[],
    options: { input?: string; env?: Record<string, string>; cwd?: string } = {},
  ) =>
    runCli([...args, ...(args[0] === 'rotate' && args[1] === '--check' ? [] : ['--store', v.store])], {
      ...options,
      env: { ...env, ...options.env },
    })
  const value = async () => String((await cli(['get', path])).stdout)
  return { home, env, path, cli, value }
}

describe.each(variants)('secrets rotate PATH ($name)', (v) => {
  it('writes a generated value as a new version and prints only the version', async () => {
    const { path, cli, value } = setup(v)
    expect((await cli(['set', path], { input: 'initial-password-value\n' })).exitCode).toBe(0)

    const result = await cli(['rotate', path, '--length', '48', '--charset', 'hex'])
    expect(result.exitCode, String(result.stderr)).toBe(0)
    expect(result.stdout).toBe('2')
    const fresh = await value()
    expect(fresh).toMatch(/^[0-9a-f]{48}$/)
    expect(`${result.stdout}${result.stderr}`).not.toContain(fresh)
    expect(result.stderr).toContain(`Rotated ${path} to version 2 (was 1)`)

    const json = await cli(['rotate', path, '--json'])
    expect(json.exitCode).toBe(0)
    expect(JSON.parse(String(json.stdout))).toEqual({ path, version: 3, previousVersion: 2, store: v.store })
    const third = await value()
    expect(third).toMatch(/^[A-Za-z0-9]{32}$/)
    expect(`${json.stdout}${json.stderr}`).not.toContain(third)

    // The previous versions stay in history for rollback, masked.
    const history = JSON.parse(String((await cli(['history', path, '--json'])).stdout))
    expect(history.map((h: { version: number }) => h.version)).toEqual([1, 2, 3])
    expect(JSON.stringify(history)).not.toContain(fresh)
  })

  it('--exec applies the value through the environment only, then writes it', async () => {
    const { home, path, cli, value } = setup(v)
    await cli(['set', path], { input: 'initial-password-value\n' })
    const record = join(home.dir, 'record.json')
    // A command line with quoting, as a user types it: run by the shell.
    const command = `node "${FIXTURE}" --user 'app user'`
    const result = await cli(['rotate', path, '--exec', command], { env: { RECORD_FILE: record } })
    expect(result.exitCode, String(result.stderr)).toBe(0)
    expect(result.stdout).toBe('2')
    const fresh = await value()
    const seen = JSON.parse(readFileSync(record, 'utf8'))
    expect(seen).toEqual({
      argv: ['--user', 'app user'],
      oldValue: 'initial-password-value',
      newValue: fresh,
      path,
    })
    // The command echoed both values; secrets relayed its output to stderr, masked.
    const out = `${result.stdout}${result.stderr}`
    expect(out).not.toContain(fresh)
    expect(out).not.toContain('initial-password-value')
    expect(result.stderr).toContain(`applying new value ****${fresh.slice(-4)} for ${path}`)
  })

  it('--exec failing writes nothing and the old value stands', async () => {
    const { home, path, cli, value } = setup(v)
    await cli(['set', path], { input: 'initial-password-value\n' })
    const record = join(home.dir, 'record.json')
    const result = await cli(['rotate', path, '--exec', `node "${FIXTURE}"`], {
      env: { RECORD_FILE: record, EXIT_CODE: '3' },
    })
    expect(result.exitCode).toBe(4)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('The --exec command exited with 3')
    expect(result.stderr).toContain(`${path} still has version 1`)
    const attempted = JSON.parse(readFileSync(record, 'utf8')).newValue as string
    expect(`${result.stdout}${result.stderr}`).not.toContain(attempted)
    expect(await value()).toBe('initial-password-value')
    const history = JSON.parse(String((await cli(['history', path, '--json'])).stdout))
    expect(history).toHaveLength(1)
  })
})

describe('secrets rotate PATH: policy and input errors', () => {
  const v: Variant = { name: 'local', keychain: 'file', store: 'local' }

  it('follows the .secretsrc.json policy for the path, flags winning', async () => {
    const { home, path, cli, value } = setup(v)
    const prefix = path.split('/').slice(0, 3).join('/')
    writeFileSync(
      join(home.dir, '.secretsrc.json'),
      JSON.stringify({ rotate: { paths: { [prefix]: { charset: 'hex' }, [path]: { length: 20 } } } }),
    )
    await trustConfig(join(home.dir, '.secretsrc.json'), home.env)
    await cli(['set', path], { input: 'initial-password-value\n', cwd: home.dir })
    expect((await cli(['rotate', path], { cwd: home.dir })).exitCode).toBe(0)
    expect(await value()).toMatch(/^[0-9a-f]{20}$/)
    expect((await cli(['rotate', path, '--charset', 'symbols'], { cwd: home.dir })).exitCode).toBe(0)
    expect(await value()).toMatch(/^[!-~]{20}$/)
  })

  it.each([
    [{ rotate: { paths: { '/x': { lenght: 20 } } } }, [], /"rotate.paths.\/x.lenght" is not a known key/],
    [{ rotate: { charset: 'emoji' } }, [], /"rotate.charset" must be one of/],
    [{}, ['--length', '4'], /--length must be a whole number from 8 to 4096/],
    [{}, ['--charset', 'emoji'], /--charset must be one of: .* \(not "emoji"\)/],
  ])('rejects %j %j with exit 2', async (config, flags, message) => {
    const { home, path, cli } = setup(v)
    writeFileSync(join(home.dir, '.secretsrc.json'), JSON.stringify(config))
    await trustConfig(join(home.dir, '.secretsrc.json'), home.env)
    await cli(['set', path], { input: 'initial-password-value\n', cwd: home.dir })
    const result = await cli(['rotate', path, ...flags], { cwd: home.dir })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(message)
  })

  it('refuses a path that does not exist, and PATH with --check', async () => {
    const { path, cli } = setup(v)
    const missing = await cli(['rotate', path])
    expect(missing.exitCode).toBe(2)
    expect(missing.stderr).toContain(`No parameter ${path} in the local store to rotate`)
    const both = await runCli(['rotate', path, '--check'], { env: setup(v).env })
    expect(both.exitCode).toBe(2)
  })
})
