import { randomBytes } from 'node:crypto'
import { GetParameterCommand } from '@aws-sdk/client-ssm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runCli, tempHome, type TempHome } from '../../helpers/cli.js'
import { startFaultProxy, type FaultMode, type FaultProxy } from '../../helpers/fault-proxy.js'
import { motoEnv } from '../../helpers/moto.js'
import { motoSsm, seedParameters } from '../../helpers/ssm-seed.js'
import { expectFailedWell, TEST_BOUND_S, timed } from './fault-fixture.js'

const moto = inject('motoUrl')
const path = `/faults${randomBytes(4).toString('hex')}/dev/api/key`
const stored = `store-fault-old-${randomBytes(8).toString('hex')}`
let proxy: FaultProxy
let home: TempHome

beforeAll(async () => {
  proxy = await startFaultProxy(moto)
  home = tempHome()
  await seedParameters(moto, { [path]: stored })
}, 60_000)
afterAll(async () => {
  await proxy.close()
  home.remove()
})

const env = () => ({ ...home.env, ...motoEnv(proxy.url), SECRETS_AWS_TIMEOUT: `${TEST_BOUND_S}s` })

/** What moto holds, read around the proxy. */
async function inMoto(): Promise<{ value: string; version: number }> {
  const client = motoSsm(moto)
  const out = await client.send(new GetParameterCommand({ Name: path, WithDecryption: true }))
  client.destroy()
  return { value: out.Parameter?.Value ?? '', version: out.Parameter?.Version ?? 0 }
}

// Faults where the request never reaches the store: nothing may change there.
const faults: [string, FaultMode, RegExp][] = [
  ['black hole', { kind: 'blackhole' }, /No answer from http:\/\/127\.0\.0\.1:\d+ while/],
  ['reset', { kind: 'reset' }, /Could not reach http:\/\/127\.0\.0\.1:\d+ while/],
  ['HTTP 500', { kind: 'status', status: 500 }, /kept failing \(HTTP 500 .*\) while/],
  ['throttling', { kind: 'throttle', times: 1_000 }, /kept throttling requests while/],
]

describe.each(faults)('set and get on a %s', (_name, mode, message) => {
  it('set exits 4 within the bound and writes nothing', async () => {
    const before = await inMoto()
    const fresh = `store-fault-new-${randomBytes(8).toString('hex')}`
    proxy.mode = structuredClone(mode)
    proxy.restartClock()
    const result = await timed(() =>
      runCli(['set', path, '--store', 'ssm'], { env: env(), input: `${fresh}\n` }),
    )
    proxy.mode = { kind: 'pass' }
    expectFailedWell(result, {
      busyMs: proxy.busyMs(),
      exitCode: 4,
      boundMs: TEST_BOUND_S * 1000,
      secrets: [fresh, stored],
      message: new RegExp(`${message.source}.*writing ${path}`),
    })
    expect(await inMoto()).toEqual(before)
  }, 60_000)

  it('get exits 4 within the bound without the value', async () => {
    proxy.mode = structuredClone(mode)
    proxy.restartClock()
    const result = await timed(() => runCli(['get', path, '--store', 'ssm'], { env: env() }))
    proxy.mode = { kind: 'pass' }
    expectFailedWell(result, {
      busyMs: proxy.busyMs(),
      exitCode: 4,
      boundMs: TEST_BOUND_S * 1000,
      secrets: [stored],
      message: new RegExp(`${message.source}.*reading ${path}`),
    })
    expect(result.stdout).toBe('')
  }, 60_000)
})

describe('set and get through the proxy when it forwards', () => {
  it('work, so the faults above are the only difference', async () => {
    proxy.mode = { kind: 'pass' }
    const got = await runCli(['get', path, '--store', 'ssm'], { env: env() })
    expect(got.exitCode, String(got.stderr)).toBe(0)
    expect(String(got.stdout).trim()).toBe((await inMoto()).value)
  })
})
