import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nextPollStep, runDeviceFlow } from '../../../src/core/sso/device-flow.js'
import { sdkOidcClient, type OidcClient } from '../../../src/core/sso/oidc-client.js'
import { DEVICE_CODE_GRANT, type ClientRegistration } from '../../../src/core/sso/sso-session.js'
import {
  identityCenterEnv,
  startIdentityCenter,
  type IdentityCenter,
} from '../../fakes/identity-center/index.js'

describe('nextPollStep (RFC 8628 §3.5)', () => {
  it.each([
    ['authorization_pending', 5, { action: 'wait', intervalS: 5 }],
    ['slow_down', 5, { action: 'wait', intervalS: 10 }],
    ['slow_down', 10, { action: 'wait', intervalS: 15 }],
    ['expired_token', 5, { action: 'fail', reason: expect.stringMatching(/expired/) }],
    ['access_denied', 5, { action: 'fail', reason: expect.stringMatching(/denied/) }],
    ['invalid_grant', 5, { action: 'fail', reason: expect.stringMatching(/invalid_grant/) }],
    ['other', 5, { action: 'fail', reason: '' }],
  ])('%s at %ss', (kind, interval, expected) => {
    expect(nextPollStep(kind, interval)).toEqual(expected)
  })
})

describe('runDeviceFlow against the fake service with a fake clock', () => {
  let ic: IdentityCenter
  let oidc: OidcClient

  beforeAll(async () => {
    ic = await startIdentityCenter({ interval: 1, enforceInterval: false })
    oidc = sdkOidcClient('us-east-1', identityCenterEnv(ic))
  })
  afterAll(() => ic.close())

  async function register(): Promise<ClientRegistration> {
    const r = await oidc.registerClient({
      clientName: 't',
      scopes: ['sso:account:access'],
      grantTypes: [DEVICE_CODE_GRANT, 'refresh_token'],
      issuerUrl: 'https://x.awsapps.com/start',
    })
    return {
      ...r,
      expiresAt: new Date(r.clientSecretExpiresAt * 1000).toISOString(),
      grantTypes: [],
      scopes: [],
    }
  }

  function harness(client: OidcClient = oidc) {
    let clock = Date.parse('2026-01-01T00:00:00Z')
    const sleeps: number[] = []
    const messages: string[] = []
    return {
      sleeps,
      messages,
      deps: {
        oidc: client,
        now: () => new Date(clock),
        sleep: async (ms: number) => {
          sleeps.push(ms)
          clock += ms
        },
        notify: (m: string) => void messages.push(m),
      },
    }
  }

  const input = async () => ({
    registration: await register(),
    startUrl: 'https://x.awsapps.com/start',
    loginCommand: 'secrets login --profile dev',
  })

  it('keeps polling while pending, then returns tokens (with a refresh token)', async () => {
    Object.assign(ic.options, { decision: 'approve', approveAfterPolls: 2, deviceCodeTtlS: 600 })
    const h = harness()
    const tokens = await runDeviceFlow(await input(), h.deps)
    expect(tokens.accessToken).toBeTruthy()
    expect(tokens.refreshToken).toBeTruthy()
    expect(h.sleeps).toEqual([1000, 1000, 1000])
    expect(h.messages.join('')).toMatch(/\/device\?user_code=[A-Z]{4}-[A-Z]{4}[\s\S]*Code: [A-Z]{4}-[A-Z]{4}/)
  })

  it('says what it waits for and the bound (issue 23.10)', async () => {
    Object.assign(ic.options, { decision: 'approve', approveAfterPolls: 0, deviceCodeTtlS: 600 })
    const h = harness()
    await runDeviceFlow(await input(), h.deps)
    expect(h.messages.join('')).toContain(
      'Waiting for you to approve in the browser (code expires in 10 min; Ctrl-C to cancel).',
    )
  })

  it('slow_down adds 5 seconds to the interval, for good', async () => {
    Object.assign(ic.options, { decision: 'approve', approveAfterPolls: 1 })
    ic.slowDown(1)
    const h = harness()
    await runDeviceFlow(await input(), h.deps)
    expect(h.sleeps).toEqual([1000, 6000, 6000])
  })

  it.each([
    ['denied in the browser', { decision: 'deny', approveAfterPolls: 0, deviceCodeTtlS: 600 }, /denied/],
    ['expired at the service', { decision: 'manual', deviceCodeTtlS: 0 }, /expired/],
    ['expired by the client clock', { decision: 'manual', deviceCodeTtlS: 3 }, /expired/],
  ])('%s ends with AuthError', async (_label, options, message) => {
    Object.assign(ic.options, options)
    const h = harness()
    const error = await runDeviceFlow(await input(), h.deps).catch((e: unknown) => e)
    expect(error).toMatchObject({ exitCode: 3, message: expect.stringMatching(message) })
    expect((error as { hint: string }).hint).toContain('secrets login --profile dev')
    expect(h.sleeps.length).toBeLessThanOrEqual(4)
  })

  it('invalid_grant ends with AuthError', async () => {
    Object.assign(ic.options, { decision: 'manual', deviceCodeTtlS: 600 })
    const bogus: OidcClient = {
      ...oidc,
      createToken: (i) => oidc.createToken({ ...i, deviceCode: 'not-issued' }),
    }
    const error = await runDeviceFlow(await input(), harness(bogus).deps).catch((e: unknown) => e)
    expect(error).toMatchObject({ exitCode: 3, message: expect.stringMatching(/invalid_grant/) })
  })

  it('sends the real error shapes: x-amzn-errortype and error/error_description', async () => {
    const reg = await register()
    const res = await fetch(`${ic.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: reg.clientId,
        clientSecret: reg.clientSecret,
        grantType: DEVICE_CODE_GRANT,
        deviceCode: 'x',
      }),
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('x-amzn-errortype')).toBe('InvalidGrantException')
    expect(await res.json()).toEqual({ error: 'invalid_grant', error_description: expect.any(String) })
  })
})
