import { afterAll, describe, expect, inject, it } from 'vitest'
import { openKeychain } from '../../../src/core/keychain/index.js'
import { readStoredAccessKey } from '../../../src/core/identity/index.js'
import { runCli, tempHome, type TempHome } from '../../helpers/cli.js'
import { startFaultProxy, type FaultMode } from '../../helpers/fault-proxy.js'
import { motoEnv } from '../../helpers/moto.js'
import { createUserWithKey, listKeys } from '../rotate/iam-fixture.js'
import { expectFailedWell, TEST_BOUND_S, timed } from './fault-fixture.js'

const moto = inject('motoUrl')
const homes: TempHome[] = []
afterAll(() => homes.forEach((h) => h.remove()))

const faults: [string, 'IAM' | 'STS', FaultMode, RegExp][] = [
  [
    'a silent IAM',
    'IAM',
    { kind: 'blackhole' },
    /No answer from http:\/\/127\.0\.0\.1:\d+ while listing the access keys/,
  ],
  [
    'a resetting IAM',
    'IAM',
    { kind: 'reset' },
    /Could not reach http:\/\/127\.0\.0\.1:\d+ while listing .*ECONNRESET/,
  ],
  [
    'an IAM answering 500',
    'IAM',
    { kind: 'status', status: 500 },
    /kept failing \(HTTP 500 .*\) while listing/,
  ],
  [
    'a silent STS',
    'STS',
    { kind: 'blackhole' },
    /No answer from http:\/\/127\.0\.0\.1:\d+ while calling sts:GetCallerIdentity/,
  ],
]

describe.each(faults)('rotate aws-key on %s', (_name, service, mode, message) => {
  it('exits 4 within the bound and changes nothing (IAM keys, stored key)', async () => {
    const home = tempHome()
    homes.push(home)
    const env = { ...home.env, ...motoEnv(moto), SECRETS_AWS_TIMEOUT: `${TEST_BOUND_S}s` }
    const { userName, key } = await createUserWithKey(moto)
    const added = await runCli(['add-key', '--profile', 'dev'], {
      env,
      input: `${key.accessKeyId}\n${key.secretAccessKey}\n`,
    })
    expect(added.exitCode, String(added.stderr)).toBe(0)

    const proxy = await startFaultProxy(moto)
    try {
      proxy.mode = structuredClone(mode)
      proxy.restartClock()
      const result = await timed(() =>
        runCli(['rotate', 'aws-key', '--profile', 'dev'], {
          env: { ...env, [`AWS_ENDPOINT_URL_${service}`]: proxy.url },
        }),
      )
      expectFailedWell(result, {
        busyMs: proxy.busyMs(),
        exitCode: 4,
        boundMs: TEST_BOUND_S * 1000,
        secrets: [key.secretAccessKey],
        message,
      })
    } finally {
      await proxy.close()
    }
    expect(await listKeys(moto, userName)).toEqual({ [key.accessKeyId]: 'Active' })
    const stored = await readStoredAccessKey(openKeychain({ env }), 'dev')
    expect(stored?.accessKeyId).toBe(key.accessKeyId)
  }, 90_000)
})
