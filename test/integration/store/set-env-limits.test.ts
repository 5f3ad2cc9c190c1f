import { join } from 'node:path'
import { existsSync } from 'node:fs'
import { afterAll, describe, expect, inject, it, vi } from 'vitest'
import { ROOT, runCli, tempHome, type TempHome } from '../../helpers/cli.js'
import { motoEnv } from '../../helpers/moto.js'

vi.setConfig({ testTimeout: 120_000 })

// `set` refuses what `run` would refuse, with run's rule and message, in both stores; a value
// at the limit is stored and injected.
const homes: TempHome[] = []
afterAll(() => homes.forEach((h) => h.remove()))
const DUMP = join(ROOT, 'test', 'fixtures', 'run', 'env-dump.mjs')

describe.each(['local', 'ssm'] as const)('secrets set --store %s', (store) => {
  const setup = () => {
    const home = tempHome()
    homes.push(home)
    const env = { ...home.env, ...motoEnv(inject('motoUrl')) }
    const prefix = `/limits-${store}-${home.dir.split('-').at(-1)}`
    return { home, env, prefix }
  }

  it('refuses a NUL byte with run’s message; nothing is written', async () => {
    const { home, env, prefix } = setup()
    const result = await runCli(['set', `${prefix}/blob`, '--store', store], { env, input: 'nul-\0-value' })
    expect(result.exitCode, String(result.stderr)).toBe(2)
    expect(result.stderr).toContain(
      `The value of ${prefix}/blob (as BLOB) contains a NUL byte, which an environment cannot carry.`,
    )
    expect(result.stderr).toContain('base64')
    expect(String(result.stderr)).not.toContain('nul-')
    if (store === 'local') expect(existsSync(join(home.dir, '.config', 'secrets', 'store.enc'))).toBe(false)
    const get = await runCli(['get', `${prefix}/blob`, '--store', store], { env })
    expect(get.exitCode).toBe(2)
  })

  it('refuses a value over the variable limit; nothing is written', async () => {
    const { env, prefix } = setup()
    const result = await runCli(['set', `${prefix}/blob`, '--store', store], {
      env,
      input: 'x'.repeat(130 * 1024),
    })
    expect(result.exitCode, String(result.stderr)).toBe(2)
    expect(result.stderr).toMatch(/\(as BLOB\) is \d+ bytes; the OS refuses a variable over 131072 bytes\./)
    expect((await runCli(['get', `${prefix}/blob`, '--store', store], { env })).exitCode).toBe(2)
  })

  if (store === 'local') {
    it('stores a value exactly at the limit, and run injects it', async () => {
      const { env, prefix } = setup()
      const value = 'y'.repeat(128 * 1024 - 'BLOB=\0'.length)
      const set = await runCli(['set', `${prefix}/blob`], { env, input: value })
      expect(set.exitCode, String(set.stderr)).toBe(0)
      const run = await runCli(['run', '--path', prefix, '--', 'node', DUMP, 'BLOB'], { env })
      expect(run.exitCode, String(run.stderr)).toBe(0)
      expect((JSON.parse(String(run.stdout)) as { BLOB: string }).BLOB).toBe(value)
    })
  }
})
