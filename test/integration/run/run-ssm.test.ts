import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { ROOT, runCli, tempHome, type TempHome } from '../../helpers/cli.js'
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.js'
import { freePort, motoEnv } from '../../helpers/moto.js'
import { seedParameters } from '../../helpers/ssm-seed.js'

const DUMP = join(ROOT, 'test/fixtures/run/env-dump.mjs')
const moto = inject('motoUrl')
const app = `/t${randomBytes(4).toString('hex')}`
let home: TempHome
let proxy: FaultProxy

// Hundreds of parameters, nested, with values that break naive parsers.
const special: Record<string, string> = {
  [`${app}/dev/db/password`]: 'p@ss=word"with\'quotes',
  [`${app}/dev/multiline`]: 'line one\nline two\n  indented',
  [`${app}/dev/unicode`]: 'ünïcødé ✓ 日本語',
  [`${app}/dev/equals`]: 'a=b=c==',
  [`${app}/dev/deep/er/still/deeper/key`]: 'deep-value',
  [`${app}/dev/json`]: '{"k": [1, 2, "three"]}',
}
const bulk = Object.fromEntries(
  Array.from({ length: 150 }, (_, i) => [
    `${app}/dev/bulk/item-${i}`,
    `value-${i}-${randomBytes(6).toString('hex')}`,
  ]),
)
const outside = {
  [`${app}/development/nope`]: 'outside-1',
  [`${app}/other/nope`]: 'outside-2',
  [`${app}/dev-x`]: 'outside-3',
}

beforeAll(async () => {
  home = tempHome()
  proxy = await startFaultProxy(moto)
  await seedParameters(moto, { ...special, ...bulk, ...outside })
}, 120_000)
afterAll(async () => {
  await proxy.close()
  home.remove()
})

const env = (endpoint = moto) => ({ ...home.env, ...motoEnv(endpoint) })
const dump = async (args: string[], endpoint?: string) => {
  const result = await runCli(
    ['run', '--store', 'ssm', '--path', `${app}/dev`, ...args, '--', 'node', DUMP],
    { env: env(endpoint) },
  )
  return {
    ...result,
    vars: result.exitCode === 0 ? (JSON.parse(String(result.stdout)) as Record<string, string>) : {},
  }
}

describe('secrets run --store ssm (moto)', () => {
  it('injects every parameter under the path (paginated), and nothing outside it', async () => {
    const { vars, exitCode, stderr } = await dump([])
    expect(stderr).toBe('')
    expect(exitCode).toBe(0)
    expect(vars.DB_PASSWORD).toBe(special[`${app}/dev/db/password`])
    expect(vars.MULTILINE).toBe(special[`${app}/dev/multiline`])
    expect(vars.UNICODE).toBe(special[`${app}/dev/unicode`])
    expect(vars.EQUALS).toBe('a=b=c==')
    expect(vars.DEEP_ER_STILL_DEEPER_KEY).toBe('deep-value')
    expect(vars.JSON).toBe('{"k": [1, 2, "three"]}')
    for (let i = 0; i < 150; i++) expect(vars[`BULK_ITEM_${i}`]).toBe(bulk[`${app}/dev/bulk/item-${i}`])
    const values = Object.values(vars)
    for (const v of Object.values(outside)) expect(values).not.toContain(v)
  })

  it('keeps secrets out of its own stdout/stderr, --explain included', async () => {
    const result = await runCli(
      ['run', '--store', 'ssm', '--path', `${app}/dev`, '--explain', '--', 'true'],
      { env: env() },
    )
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(new RegExp(`DB_PASSWORD +ssm:${app}/dev/db/password`))
    for (const v of [...Object.values(special), ...Object.values(bulk)]) {
      expect(result.stderr).not.toContain(v)
    }
  })

  it('retries through throttling', async () => {
    proxy.mode = { kind: 'throttle', times: 2 }
    const { vars, exitCode } = await dump([], proxy.url)
    proxy.mode = { kind: 'pass' }
    expect(exitCode).toBe(0)
    expect(vars.DB_PASSWORD).toBe(special[`${app}/dev/db/password`])
  })

  it('runs from the encrypted cache when the store is unreachable, and says how old it is', async () => {
    const first = await dump([], proxy.url)
    expect(first.exitCode).toBe(0)
    const cacheFiles = readdirSync(join(home.dir, '.cache', 'secrets', 'run'))
    expect(cacheFiles.length).toBeGreaterThan(0)
    for (const f of cacheFiles) {
      const raw = readFileSync(join(home.dir, '.cache', 'secrets', 'run', f), 'utf8')
      expect(raw).not.toContain('deep-value')
      expect(statSync(join(home.dir, '.cache', 'secrets', 'run', f)).mode & 0o777).toBe(0o600)
    }
    // Same endpoint (the cache is per endpoint and identity), now unreachable.
    proxy.mode = { kind: 'drop' }
    const dead = proxy.url
    const offline = await dump([], dead)
    expect(offline.exitCode).toBe(0)
    expect(offline.stderr).toMatch(/unreachable; using the cached copy from \d+s ago/)
    expect(offline.vars.DB_PASSWORD).toBe(special[`${app}/dev/db/password`])

    const explicit = await dump(['--offline'], dead)
    expect(explicit.exitCode).toBe(0)
    expect(explicit.vars.DEEP_ER_STILL_DEEPER_KEY).toBe('deep-value')

    const stale = await dump(['--max-stale', '1ms'], dead)
    expect(stale.exitCode).toBe(125)
    expect(stale.stderr).toMatch(/cached copy is .* old \(over --max-stale/)
    proxy.mode = { kind: 'pass' }
  })

  it('forgets the cached copy when access is denied, so revocation takes effect', async () => {
    expect((await dump([], proxy.url)).exitCode).toBe(0)
    proxy.mode = { kind: 'deny' }
    const denied = await dump([], proxy.url)
    proxy.mode = { kind: 'pass' }
    expect(denied.exitCode).toBe(125)
    expect(denied.stderr).toMatch(/Access denied/)
    const after = await dump(['--offline'], proxy.url)
    expect(after.exitCode).toBe(125)
    expect(after.stderr).toMatch(/no cached copy/)
  })

  it('fails clearly when nothing is cached and the store is unreachable', async () => {
    const other = tempHome()
    const dead = `http://127.0.0.1:${await freePort()}`
    const result = await runCli(['run', '--store', 'ssm', '--path', `${app}/dev`, '--', 'true'], {
      env: { ...other.env, ...motoEnv(dead) },
    })
    other.remove()
    expect(result.exitCode).toBe(125)
    // The message names the endpoint that could not be reached.
    expect(result.stderr).toContain(`Could not reach ${dead} while reading`)
  })
})

describe('store commands against SSM (moto)', () => {
  it('set, get, list, history and delete', async () => {
    const path = `${app}/cmd/api-key`
    const set1 = await runCli(['set', path, '--store', 'ssm'], {
      env: env(),
      input: 'first-secret-value-1111\n',
    })
    expect(set1.exitCode).toBe(0)
    expect(set1.stdout).toBe('1')
    const set2 = await runCli(['set', path, '--store', 'ssm', '--json'], {
      env: env(),
      input: 'second-secret-value-2222',
    })
    expect(JSON.parse(String(set2.stdout))).toEqual({ path, version: 2, store: 'ssm' })
    const get = await runCli(['get', path, '--store', 'ssm'], { env: env() })
    expect(get.stdout).toBe('second-secret-value-2222')
    const list = await runCli(['list', `${app}/cmd`, '--store', 'ssm'], { env: env() })
    expect(list.stdout).toContain(path)
    expect(list.stdout).toContain('****2222')
    const history = await runCli(['history', path, '--store', 'ssm', '--json'], { env: env() })
    expect(
      JSON.parse(String(history.stdout)).map((v: { version: number; value: string }) => [v.version, v.value]),
    ).toEqual([
      [1, '****1111'],
      [2, '****2222'],
    ])
    for (const r of [set1, set2, list, history]) {
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/first-secret|second-secret/)
    }
    expect((await runCli(['delete', path, '--store', 'ssm', '--yes'], { env: env() })).exitCode).toBe(0)
    const gone = await runCli(['get', path, '--store', 'ssm'], { env: env() })
    expect(gone.exitCode).toBe(2)
    expect(gone.stderr).toContain(`No parameter ${path}`)
  })
})
