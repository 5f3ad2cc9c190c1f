import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { openKeychain } from '../../../src/core/keychain/index.js'
import { startIdentityCenter, type IdentityCenter } from '../../fakes/identity-center/index.js'
import { startFaultProxy, type FaultMode, type FaultProxy } from '../../helpers/fault-proxy.js'
import { cli, deviceLogin, ssoHome } from '../sso/sso-fixture.js'
import { expectFailedWell, TEST_BOUND_S, timed } from './fault-fixture.js'

const moto = inject('motoUrl')
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 })

const bound = { SECRETS_AWS_TIMEOUT: `${TEST_BOUND_S}s` }
const boundMs = TEST_BOUND_S * 1000

// Role credentials shorter-lived than the 15-minute reuse margin: every command fetches anew.
let ic: IdentityCenter
let icProxy: FaultProxy
let stsProxy: FaultProxy
let home: ReturnType<typeof ssoHome>

beforeAll(async () => {
  ic = await startIdentityCenter({ interval: 1, roleCredentialTtlS: 600 })
  icProxy = await startFaultProxy(ic.url)
  stsProxy = await startFaultProxy(moto)
  home = ssoHome(ic, moto)
  const login = await deviceLogin(ic, ['--profile', 'dev'], home.cliEnv)
  expect(login.exitCode, String(login.stderr)).toBe(0)
})
afterAll(async () => {
  await icProxy.close()
  await stsProxy.close()
  await ic.close()
  home.remove()
})

const faults: [string, FaultMode, RegExp][] = [
  ['black hole', { kind: 'blackhole' }, /No answer from http:\/\/127\.0\.0\.1:\d+ while/],
  ['reset', { kind: 'reset' }, /Could not reach http:\/\/127\.0\.0\.1:\d+ while .*ECONNRESET/],
  ['HTTP 503', { kind: 'status', status: 503 }, /kept failing \(HTTP 503 .*\) while/],
]

describe.each(faults)('whoami and credentials on a %s', (_name, mode, message) => {
  it('whoami on a failing STS exits 4 within the bound with a next step', async () => {
    stsProxy.mode = structuredClone(mode)
    stsProxy.restartClock()
    const result = await timed(() =>
      cli(['whoami', '--profile', 'dev'], { ...home.cliEnv, ...bound, AWS_ENDPOINT_URL_STS: stsProxy.url }),
    )
    stsProxy.mode = { kind: 'pass' }
    expectFailedWell(result, {
      busyMs: stsProxy.busyMs(),
      exitCode: 4,
      boundMs,
      secrets: ic.issuedSecrets(),
      message,
    })
    expect(result.stderr).toMatch(/GetCallerIdentity/)
  })

  it('credentials on a failing SSO portal exits 4 within the bound, printing nothing on stdout', async () => {
    icProxy.mode = structuredClone(mode)
    icProxy.restartClock()
    const result = await timed(() =>
      cli(['credentials', '--profile', 'dev'], {
        ...home.cliEnv,
        ...bound,
        AWS_ENDPOINT_URL_SSO: icProxy.url,
      }),
    )
    icProxy.mode = { kind: 'pass' }
    expectFailedWell(result, {
      busyMs: icProxy.busyMs(),
      exitCode: 4,
      boundMs,
      secrets: ic.issuedSecrets(),
      message,
    })
    expect(result.stdout).toBe('')
  })
})

describe.each(faults)('login on a %s Identity Center', (_name, mode, message) => {
  it('exits 4 within the bound and stores no session', async () => {
    const fresh = ssoHome(ic, moto)
    try {
      icProxy.mode = structuredClone(mode)
      icProxy.restartClock()
      const env = {
        ...fresh.cliEnv,
        ...bound,
        AWS_ENDPOINT_URL_SSO_OIDC: icProxy.url,
        AWS_ENDPOINT_URL_SSO: icProxy.url,
      }
      const result = await timed(() => cli(['login', '--profile', 'dev', '--no-browser'], env))
      icProxy.mode = { kind: 'pass' }
      expectFailedWell(result, {
        busyMs: icProxy.busyMs(),
        exitCode: 4,
        boundMs,
        secrets: ic.issuedSecrets(),
        message,
      })
      expect(await openKeychain({ env: fresh.env }).list()).toEqual([])
    } finally {
      icProxy.mode = { kind: 'pass' }
      fresh.remove()
    }
  })
})

describe('through the proxies when they forward', () => {
  it('whoami and credentials work, so the faults above are the only difference', async () => {
    const env = { ...home.cliEnv, AWS_ENDPOINT_URL_STS: stsProxy.url, AWS_ENDPOINT_URL_SSO: icProxy.url }
    const who = await cli(['whoami', '--profile', 'dev', '--json'], env)
    expect(who.exitCode, String(who.stderr)).toBe(0)
    const creds = await cli(['credentials', '--profile', 'dev'], env)
    expect(creds.exitCode, String(creds.stderr)).toBe(0)
    expect(JSON.parse(String(creds.stdout))).toMatchObject({ Version: 1 })
  })
})
