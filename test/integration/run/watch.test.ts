import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { ROOT, runCli, startCli, tempHome, type RunningCli, type TempHome } from '../../helpers/cli.js'
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.js'
import { motoEnv } from '../../helpers/moto.js'

// `secrets run --watch` with real child processes: a local-store change, an SSM parameter
// change in moto and an env-file edit each restart the child; --watch-no-restart only
// signals it; a crash loop stops; a store outage keeps the running child.

const CHILD = join(ROOT, 'test', 'fixtures', 'run', 'watch-child.mjs')
const EXIT = join(ROOT, 'test', 'fixtures', 'run', 'exit-with.mjs')
let home: TempHome
const running: RunningCli[] = []

beforeAll(() => {
  home = tempHome()
})
afterAll(async () => {
  for (const r of running) if (r.proc.exitCode === null) r.proc.kill('SIGKILL')
  await Promise.all(running.map((r) => r.proc.catch(() => undefined)))
  home?.remove()
})

const set = async (path: string, value: string, extra: string[] = [], env = home.env) => {
  const r = await runCli(['set', path, ...extra], { env, input: `${value}\n` })
  expect(r.exitCode, String(r.stderr)).toBe(0)
}
const starts = (r: RunningCli) => r.out().match(/^start .*$/gm) ?? []
function watch(args: string[], env = home.env): RunningCli {
  const r = startCli(['run', '--watch', '--watch-grace', '2s', ...args], { env })
  running.push(r)
  return r
}
async function stop(r: RunningCli): Promise<number | undefined> {
  r.proc.kill('SIGTERM')
  return (await r.proc).exitCode
}

describe('secrets run --watch', () => {
  it('restarts the child when a local-store value changes, naming it and its versions', async () => {
    await set('/w1/token', 'first-value-1')
    const r = watch(['-p', '/w1', '--', 'node', CHILD, 'TOKEN'])
    await r.until(() => starts(r).length === 1, 'the first child')
    expect(starts(r)[0]).toContain('TOKEN=13')
    await set('/w1/token', 'second-value-22')
    await r.until(() => starts(r).length === 2, 'the restarted child', 10_000)
    expect(starts(r)[1]).toContain('TOKEN=15')
    expect(r.err()).toMatch(/TOKEN \(v1 → v2\) changed \(store\.enc\); restarting the child \(restart 1\)/)
    expect(await stop(r)).toBe(0)
    expect(r.out() + r.err()).not.toMatch(/first-value-1|second-value-22/)
  })

  it('restarts the child when an env file is edited', async () => {
    const file = join(home.dir, 'watch.env')
    writeFileSync(file, 'WATCHED_SETTING=aaaa\n')
    const r = watch(['--env-file', file, '--', 'node', CHILD, 'WATCHED_SETTING'])
    await r.until(() => starts(r).length === 1, 'the first child')
    writeFileSync(file, 'WATCHED_SETTING=bbbbbbbb\n')
    await r.until(() => starts(r).length === 2, 'the restarted child', 10_000)
    expect(starts(r)[1]).toContain('WATCHED_SETTING=8')
    expect(r.err()).toMatch(/WATCHED_SETTING changed \(watch\.env\); restarting the child \(restart 1\)/)
    expect(await stop(r)).toBe(0)
  })

  it('--watch-signal HUP --watch-no-restart signals the running child instead', async () => {
    await set('/w2/token', 'first-value-1')
    const r = watch([
      '--watch-signal',
      'HUP',
      '--watch-no-restart',
      '-p',
      '/w2',
      '--',
      'node',
      CHILD,
      'TOKEN',
    ])
    await r.until(() => starts(r).length === 1, 'the child')
    const pid = starts(r)[0]?.split(' ')[1]
    await set('/w2/token', 'second-value-22')
    await r.until(() => r.out().includes(`HUP ${pid}`), 'the HUP', 10_000)
    expect(starts(r)).toHaveLength(1)
    expect(r.err()).toMatch(/TOKEN \(v1 → v2\) changed .*; sent SIGHUP to the child/)
    expect(await stop(r)).toBe(0)
  })

  it('stops a crash loop: three exits within 2 s, the last status passed on', async () => {
    const started = Date.now()
    const r = await runCli(['run', '--watch', '--', 'node', EXIT, '3'], { env: home.env, timeout: 20_000 })
    expect(r.exitCode).toBe(3)
    expect(String(r.stderr)).toMatch(/exited within 2 s 3 times in a row \(last status 3\); not restarting/)
    expect(Date.now() - started).toBeLessThan(15_000)
  })

  describe('the ssm store (moto)', () => {
    let proxy: FaultProxy
    let env: Record<string, string>
    const path = `/watch-${home?.dir.split('-').at(-1) ?? 'x'}-${Date.now()}`
    beforeAll(async () => {
      proxy = await startFaultProxy(inject('motoUrl'))
      env = { ...home.env, ...motoEnv(proxy.url), SECRETS_AWS_TIMEOUT: '5s' }
    })
    afterAll(() => proxy?.close())

    it('restarts on a new version within the interval, polling versions without decryption', async () => {
      await set(`${path}/api/key`, 'ssm-first-value', ['--store', 'ssm'], env)
      const r = watch(
        ['--store', 'ssm', '--watch-interval', '5s', '-p', `${path}/api`, '--', 'node', CHILD, 'KEY'],
        env,
      )
      await r.until(() => starts(r).length === 1, 'the first child')
      const before = proxy.operations.length
      await set(`${path}/api/key`, 'ssm-second-value-2', ['--store', 'ssm'], env)
      await r.until(() => starts(r).length === 2, 'the restarted child', 12_000)
      expect(r.err()).toMatch(/KEY \(v\d+ → v\d+\) changed \(ssm\); restarting the child \(restart 1\)/)
      // Only GetParametersByPath calls: the polls (WithDecryption false) and the one read of the restart.
      expect(proxy.operations.slice(before).every((op) => /GetParametersByPath|PutParameter/.test(op))).toBe(
        true,
      )
      expect(await stop(r)).toBe(0)
    }, 30_000)

    it('a store outage keeps the running child, and says so once', async () => {
      await set(`${path}/out/key`, 'outage-value-1', ['--store', 'ssm'], env)
      const r = watch(
        ['--store', 'ssm', '--watch-interval', '5s', '-p', `${path}/out`, '--', 'node', CHILD, 'KEY'],
        env,
      )
      await r.until(() => starts(r).length === 1, 'the child')
      proxy.mode = { kind: 'reset' }
      try {
        await r.until(() => r.err().includes('the store cannot be read'), 'the outage line', 15_000)
        await new Promise((resolve) => setTimeout(resolve, 6_000))
        expect(r.err().match(/the store cannot be read/g)).toHaveLength(1)
        expect(r.err()).toContain('the child keeps running as it is')
        expect(starts(r)).toHaveLength(1)
        expect(r.proc.exitCode).toBeNull()
      } finally {
        proxy.mode = { kind: 'pass' }
      }
      expect(await stop(r)).toBe(0)
    }, 40_000)
  })
})
