import { describe, expect, it } from 'vitest'
import {
  createCredentialVendor,
  isVendable,
  mintPlan,
  refreshDelayMs,
  type SourceCredentials,
  type StsPort,
} from '../../../src/core/imds/credential-vendor.js'

const T0 = new Date('2026-01-01T00:00:00Z')
const plus = (minutes: number, from = T0) => new Date(from.getTime() + minutes * 60_000)

describe('mintPlan', () => {
  it.each([
    ['long-term keys', {}, undefined, 'session-token'],
    ['long-term keys with --role-arn', {}, 'arn:aws:iam::1:role/r', 'assume-role'],
    ['temporary credentials', { sessionToken: 't' }, undefined, 'as-is'],
    ['temporary credentials with --role-arn', { sessionToken: 't' }, 'arn:aws:iam::1:role/r', 'assume-role'],
  ])('%s → %s', (_name, source, roleArn, plan) => expect(mintPlan(source, roleArn)).toBe(plan))
})

describe('isVendable', () => {
  it.each([
    [plus(60), true],
    [plus(15), true],
    [plus(14.99), false],
    [plus(-1), false],
    [undefined, true],
  ])('expiring %j → %j', (expiration, expected) => expect(isVendable(expiration, T0)).toBe(expected))
})

describe('refreshDelayMs', () => {
  it.each([
    [plus(60), 35 * 60_000],
    [plus(26), 60_000],
    [plus(25), 5_000],
    [plus(10), 5_000],
    [plus(60 * 24 * 365), 2_147_483_647],
  ])('expiring %j → %d ms', (expiration, delay) => expect(refreshDelayMs(expiration, T0)).toBe(delay))
})

/** A fake STS that records calls and mints numbered credentials. */
function fakeSts(lifetimeMinutes: number, clock: { now: Date }) {
  const calls: string[] = []
  let n = 0
  const minted = (): SourceCredentials => ({
    accessKeyId: `ASIAFAKE${++n}`,
    secretAccessKey: `secret-${n}`,
    sessionToken: `token-${n}`,
    expiration: plus(lifetimeMinutes, clock.now),
  })
  const sts: StsPort = {
    getSessionToken: async (source) => {
      calls.push(`GetSessionToken(${source.accessKeyId})`)
      return minted()
    },
    assumeRole: async (source, roleArn) => {
      calls.push(`AssumeRole(${source.accessKeyId},${roleArn})`)
      return minted()
    },
    getCallerIdentity: async () => ({ account: '123456789012', arn: 'arn:aws:iam::123456789012:user/u' }),
  }
  return { sts, calls }
}

describe('createCredentialVendor', () => {
  it('reports a failed background refresh and keeps serving what is still vendable', async () => {
    const clock = { now: T0 }
    const { sts } = fakeSts(25.1, clock)
    let fail = false
    const failing: StsPort = {
      ...sts,
      getSessionToken: async (source, d) => {
        if (fail) throw Object.assign(new Error('denied'), { name: 'AccessDenied' })
        return sts.getSessionToken(source, d)
      },
    }
    const errors: unknown[] = []
    const vendor = createCredentialVendor(
      { sessionName: 's' },
      {
        source: async () => ({ accessKeyId: 'AKIALONG', secretAccessKey: 's' }),
        sts: failing,
        now: () => clock.now,
        onRefreshError: (error) => errors.push(error),
      },
    )
    const first = await vendor.current()
    fail = true
    const deadline = Date.now() + 15_000
    while (errors.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    expect(errors).toHaveLength(1)
    expect(vendor.fresh()).toBe(first)
    vendor.close()
  }, 20_000)

  const longTerm = async (): Promise<SourceCredentials> => ({ accessKeyId: 'AKIALONG', secretAccessKey: 's' })

  it('mints with GetSessionToken for long-term keys and caches while fresh', async () => {
    const clock = { now: T0 }
    const { sts, calls } = fakeSts(60, clock)
    const vendor = createCredentialVendor(
      { sessionName: 's' },
      { source: longTerm, sts, now: () => clock.now },
    )
    const first = await vendor.current()
    expect(first.accessKeyId).toBe('ASIAFAKE1')
    expect(first.lastUpdated).toEqual(T0)
    clock.now = plus(40)
    expect((await vendor.current()).accessKeyId).toBe('ASIAFAKE1')
    // 14 minutes left: never vended, re-minted on the spot.
    clock.now = plus(46)
    expect((await vendor.current()).accessKeyId).toBe('ASIAFAKE2')
    expect(calls).toEqual(['GetSessionToken(AKIALONG)', 'GetSessionToken(AKIALONG)'])
    vendor.close()
  })

  it('assumes the role when asked', async () => {
    const clock = { now: T0 }
    const { sts, calls } = fakeSts(60, clock)
    const vendor = createCredentialVendor(
      { sessionName: 's', roleArn: 'arn:aws:iam::123456789012:role/app' },
      { source: longTerm, sts, now: () => clock.now },
    )
    await vendor.current()
    expect(calls).toEqual(['AssumeRole(AKIALONG,arn:aws:iam::123456789012:role/app)'])
    vendor.close()
  })

  it('serves temporary source credentials as they are, without STS', async () => {
    const clock = { now: T0 }
    const { sts, calls } = fakeSts(60, clock)
    const source = async (): Promise<SourceCredentials> => ({
      accessKeyId: 'ASIASSO',
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: plus(50),
    })
    const vendor = createCredentialVendor({ sessionName: 's' }, { source, sts, now: () => clock.now })
    expect((await vendor.current()).accessKeyId).toBe('ASIASSO')
    expect(calls).toEqual([])
    vendor.close()
  })

  it('announces temporary credentials of unknown lifetime with one hour', async () => {
    const clock = { now: T0 }
    const { sts } = fakeSts(60, clock)
    const source = async (): Promise<SourceCredentials> => ({
      accessKeyId: 'ASIAENV',
      secretAccessKey: 's',
      sessionToken: 't',
    })
    const vendor = createCredentialVendor({ sessionName: 's' }, { source, sts, now: () => clock.now })
    expect((await vendor.current()).expiration).toEqual(plus(60))
    vendor.close()
  })

  it('refuses source credentials that expire within 15 minutes', async () => {
    const clock = { now: T0 }
    const { sts } = fakeSts(60, clock)
    const source = async (): Promise<SourceCredentials> => ({
      accessKeyId: 'ASIASSO',
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: plus(10),
    })
    const vendor = createCredentialVendor({ sessionName: 's' }, { source, sts, now: () => clock.now })
    await expect(vendor.current()).rejects.toMatchObject({ code: 'CredentialsTooShort', exitCode: 3 })
    vendor.close()
  })

  it('shares one STS call between concurrent requests', async () => {
    const clock = { now: T0 }
    const { sts, calls } = fakeSts(60, clock)
    const vendor = createCredentialVendor(
      { sessionName: 's' },
      { source: longTerm, sts, now: () => clock.now },
    )
    const all = await Promise.all([vendor.current(), vendor.current(), vendor.current()])
    expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(['ASIAFAKE1']))
    expect(calls).toHaveLength(1)
    vendor.close()
  })

  it('refreshes in the background before the 15-minute floor', async () => {
    const clock = { now: T0 }
    // 25 min + 5 s lifetime: the background refresh is due 5 s after minting.
    const { sts, calls } = fakeSts(25.1, clock)
    const vendor = createCredentialVendor(
      { sessionName: 's' },
      { source: longTerm, sts, now: () => clock.now },
    )
    await vendor.current()
    const deadline = Date.now() + 15_000
    while (calls.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    expect(calls.length).toBeGreaterThanOrEqual(2)
    expect((await vendor.current()).accessKeyId).toBe('ASIAFAKE2')
    vendor.close()
  }, 20_000)
})
