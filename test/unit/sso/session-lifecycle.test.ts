import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { KeychainItem } from '../../../src/core/keychain/index.js'
import { login } from '../../../src/core/sso/login.js'
import { logout } from '../../../src/core/sso/logout.js'
import { loadSsoProfile } from '../../../src/core/sso/sso-profile.js'
import { usableAccessToken } from '../../../src/core/sso/access-token.js'
import { profileCredentials, sessionCredentials } from '../../../src/core/sso/role-credentials.js'
import type { RoleChoice } from '../../../src/core/sso/index.js'
import { recordingHumanOutput } from '../../../src/shared/human-output.js'
import { startIdentityCenter, type IdentityCenter } from '../../fakes/identity-center/index.js'
import { fakeBrowser, ssoHarness } from './sso-harness.js'

describe('login → refresh → role credentials → logout (in process, fake service)', () => {
  let ic: IdentityCenter
  const cleanups: Array<() => void> = []
  beforeAll(async () => {
    ic = await startIdentityCenter({ interval: 1, enforceInterval: false, decision: 'approve' })
  })
  afterAll(() => ic.close())
  afterEach(() => {
    for (const c of cleanups.splice(0)) c()
  })
  const harness = (...args: Parameters<typeof ssoHarness> extends [unknown, ...infer R] ? R : never) => {
    const h = ssoHarness(ic, ...args)
    cleanups.push(h.remove)
    return h
  }

  it('device login stores ONE session item with registration and tokens, and the role cache', async () => {
    const h = harness()
    const result = await login({ profile: 'dev', flow: 'device' }, h.deps)
    expect(result).toMatchObject({
      sessionName: 'corp',
      accountId: '111111111111',
      roleName: 'Developer',
      reused: false,
    })
    expect(await h.keychain.list()).toEqual([
      KeychainItem.ssoSession('corp'),
      KeychainItem.roleCredentials('dev'),
    ])
    const stored = JSON.parse(h.keychain.items.get(KeychainItem.ssoSession('corp')) ?? '{}')
    expect(stored.registration.grantTypes).toContain('refresh_token')
    expect(stored.tokens.refreshToken).toBeTruthy()
    expect(JSON.stringify(result)).not.toContain(stored.tokens.accessToken)
  })

  it('ad-hoc sign-in with --sso-start-url/--sso-region and --account-id/--role-name', async () => {
    const h = harness()
    const adhoc = { startUrl: 'https://adhoc.awsapps.com/start', ssoRegion: 'us-east-1' }
    const result = await login(
      { ...adhoc, accountId: '333333333333', roleName: 'ReadOnly', flow: 'device' },
      h.deps,
    )
    expect(result).toMatchObject({ sessionName: adhoc.startUrl, accountId: '333333333333' })
    const creds = await profileCredentials(adhoc, h.deps)
    expect(creds).toMatchObject({ role: { accountId: '333333333333', roleName: 'ReadOnly' }, cached: true })
  })

  it('AWS_PROFILE stands in for --profile', async () => {
    const h = harness()
    const result = await login({ flow: 'device' }, { ...h.deps, env: { ...h.deps.env, AWS_PROFILE: 'dev' } })
    expect(result.profile).toBe('dev')
  })

  it('reuses the client registration on the next login', async () => {
    const h = harness()
    const before = ic.count('RegisterClient')
    await login({ profile: 'dev', flow: 'device' }, h.deps)
    await login({ profile: 'dev', flow: 'device' }, h.deps)
    expect(ic.count('RegisterClient') - before).toBe(1)
  })

  it('keeps a new registration when the sign-in fails, and reuses it on retry', async () => {
    const h = harness()
    ic.options.decision = 'deny'
    try {
      await expect(login({ profile: 'dev', flow: 'device' }, h.deps)).rejects.toMatchObject({ exitCode: 3 })
    } finally {
      ic.options.decision = 'approve'
    }
    const before = ic.count('RegisterClient')
    await login({ profile: 'dev', flow: 'device' }, h.deps)
    expect(ic.count('RegisterClient')).toBe(before)
  })

  it('browser login: authorization code + PKCE through the loopback redirect', async () => {
    const opened: string[] = []
    const h = harness({
      openUrl: async (url) => {
        opened.push(url)
        await fakeBrowser(url)
      },
    })
    const result = await login({ profile: 'dev', flow: 'browser' }, h.deps)
    expect(result.sessionName).toBe('corp')
    const url = new URL(opened[0] ?? '')
    expect(url.pathname).toBe('/authorize')
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/)
    expect(ic.requests.at(-2)).toMatchObject({
      op: 'CreateToken',
      grantType: 'authorization_code',
      status: 200,
    })
  })

  it('browser login denied ends with exit 3', async () => {
    ic.options.decision = 'deny'
    try {
      const h = harness({ openUrl: fakeBrowser })
      await expect(login({ profile: 'dev', flow: 'browser' }, h.deps)).rejects.toMatchObject({
        exitCode: 3,
        message: expect.stringMatching(/denied/),
      })
    } finally {
      ic.options.decision = 'approve'
    }
  })

  it('browser login times out when no redirect arrives', async () => {
    const h = harness({ openUrl: async () => undefined, browserTimeoutMs: 200 })
    await expect(login({ profile: 'dev', flow: 'browser' }, h.deps)).rejects.toMatchObject({
      exitCode: 3,
      hint: expect.stringContaining('--no-browser'),
    })
  })

  it('refreshes silently within 15 minutes of expiry, and rotates the refresh token', async () => {
    const h = harness()
    await login({ profile: 'dev', flow: 'device' }, h.deps)
    const sso = await loadSsoProfile({ profile: 'dev' }, h.deps.env)
    const first = await usableAccessToken(sso, h.deps)
    const before = ic.count('CreateToken', 'refresh_token')
    h.advance(50 * 60_000) // 10 minutes left of the 1 h token
    const second = await usableAccessToken(sso, h.deps)
    expect(ic.count('CreateToken', 'refresh_token') - before).toBe(1)
    expect(second.accessToken).not.toBe(first.accessToken)
    expect(second.session.tokens?.refreshToken).not.toBe(first.session.tokens?.refreshToken)
    await usableAccessToken(sso, h.deps)
    expect(ic.count('CreateToken', 'refresh_token') - before).toBe(1)
  })

  it('reuses cached role credentials until 15 minutes before expiry', async () => {
    const h = harness()
    await login({ profile: 'dev', flow: 'device' }, h.deps)
    const sso = await loadSsoProfile({ profile: 'dev' }, h.deps.env)
    const role = { accountId: '111111111111', roleName: 'Developer' }
    const before = ic.count('GetRoleCredentials')
    expect((await sessionCredentials(sso, role, h.deps)).cached).toBe(true)
    h.advance(44 * 60_000)
    expect((await sessionCredentials(sso, role, h.deps)).cached).toBe(true)
    h.advance(2 * 60_000) // 14 minutes left
    expect((await sessionCredentials(sso, role, h.deps)).cached).toBe(false)
    expect(ic.count('GetRoleCredentials') - before).toBe(1)
  })

  it('a failed refresh of an expired token asks to sign in again (exit 3)', async () => {
    const h = harness()
    await login({ profile: 'dev', flow: 'device' }, h.deps)
    ic.revokeRefreshTokens()
    h.advance(2 * 3600_000)
    await expect(profileCredentials({ profile: 'dev' }, h.deps)).rejects.toMatchObject({
      exitCode: 3,
      hint: 'run `secrets login --profile dev`',
    })
  })

  it('a session signed in to another start URL does not count after the config changes', async () => {
    const h = harness()
    await login({ profile: 'dev', flow: 'device' }, h.deps)
    const sso = await loadSsoProfile({ profile: 'dev' }, h.deps.env)
    await expect(
      usableAccessToken({ ...sso, startUrl: 'https://other.awsapps.com/start' }, h.deps),
    ).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(/Not signed in/),
    })
  })

  it('logout calls portal Logout and deletes the session and its role caches', async () => {
    const h = harness()
    await login({ profile: 'dev', flow: 'device' }, h.deps)
    const result = await logout({ profile: 'dev' }, h.deps)
    expect(result).toEqual({
      sessions: ['corp'],
      revoked: ['corp'],
      roleCaches: ['dev'],
      alsoEnded: ['pick'],
    })
    expect(await h.keychain.list()).toEqual([])
    await expect(profileCredentials({ profile: 'dev' }, h.deps)).rejects.toMatchObject({ exitCode: 3 })
  })

  it('without a role and without a terminal: exit 2 listing every choice (pages of 1, throttled)', async () => {
    const h = harness()
    await login({ profile: 'dev', flow: 'device' }, h.deps)
    ic.throttle(2)
    const error = await profileCredentials({ profile: 'pick' }, h.deps).catch((e: unknown) => e)
    expect(error).toMatchObject({ exitCode: 2, code: 'RoleChoiceNeeded' })
    const message = (error as Error).message
    for (const line of [
      '--account-id 111111111111 --role-name Developer',
      '--account-id 111111111111 --role-name ReadOnly',
      '--account-id 222222222222 --role-name Developer',
      '--account-id 333333333333 --role-name ReadOnly',
    ])
      expect(message).toContain(line)
    expect(h.sleeps.filter((ms) => ms === 250 || ms === 500)).toEqual([250, 500])
  })

  it('the picker decides, and its choice is remembered for the profile', async () => {
    // The port's searchable list, answered by picking account 222222222222.
    const choose = async <T>(
      _message: string,
      source: (term: string | undefined) => Promise<Array<{ value: T }>>,
    ) => {
      const all = (await source(undefined)).map((c) => c.value)
      return all.find((c) => (c as RoleChoice).accountId === '222222222222') ?? all[0]!
    }
    const prompt = { choose, secret: async () => '', text: async () => '' }
    const h = harness({ human: recordingHumanOutput(prompt) })
    await login({ profile: 'dev', flow: 'device' }, h.deps)
    const result = await login({ profile: 'pick', flow: 'device' }, h.deps)
    expect(result).toMatchObject({ accountId: '222222222222', roleName: 'Developer' })
    const noPicker = { ...h.deps, human: recordingHumanOutput() }
    const creds = await profileCredentials({ profile: 'pick' }, noPicker)
    expect(creds.role).toEqual({ accountId: '222222222222', roleName: 'Developer' })
  })
})
