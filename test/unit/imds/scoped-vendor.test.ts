import { describe, expect, it } from 'vitest'
import { createCredentialVendor, type StsPort } from '../../../src/core/imds/credential-vendor.js'

// Need to know: every AssumeRole the vendor makes — the first and each refresh — carries the
// same session policy, so a refresh never widens what the child can do.
describe('a scoped credential vendor', () => {
  it('sends the session policy on the first mint and on every refresh', async () => {
    const clock = { now: new Date('2026-01-01T00:00:00Z') }
    const policies: (string | undefined)[] = []
    let n = 0
    const sts: StsPort = {
      getSessionToken: () => Promise.reject(new Error('not used')),
      assumeRole: async (_source, _role, _name, _duration, policy) => {
        policies.push(policy)
        n++
        return {
          accessKeyId: `ASIA${n}`,
          secretAccessKey: 's',
          sessionToken: 't',
          // 20 minutes: vendable now, stale (under the 15-minute floor) 6 minutes later.
          expiration: new Date(clock.now.getTime() + 20 * 60_000),
        }
      },
      getCallerIdentity: async () => ({ account: '123456789012', arn: 'arn' }),
    }
    const vendor = createCredentialVendor(
      {
        roleArn: 'arn:aws:iam::123456789012:role/app',
        sessionName: 'secrets-a@p',
        policy: '{"Version":"2012-10-17"}',
      },
      { source: async () => ({ accessKeyId: 'AKIA', secretAccessKey: 's' }), sts, now: () => clock.now },
    )
    await vendor.current()
    clock.now = new Date(clock.now.getTime() + 6 * 60_000)
    await vendor.current()
    vendor.close()
    expect(policies).toEqual(['{"Version":"2012-10-17"}', '{"Version":"2012-10-17"}'])
  })
})
