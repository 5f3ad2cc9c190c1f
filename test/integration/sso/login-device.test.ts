import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { startIdentityCenter, type IdentityCenter } from '../../fakes/identity-center/index.js'
import { cli, deviceLogin, filesContaining, ssoHome } from './sso-fixture.js'

const moto = inject('motoUrl')
// Real processes on a shared 2-core machine: allow for a loaded CI run.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 })

describe.each(['file', 'os'] as const)('device-code login with the %s keychain', (keychain) => {
  let ic: IdentityCenter
  let home: ReturnType<typeof ssoHome>

  beforeAll(async () => {
    ic = await startIdentityCenter({ interval: 1 })
    home = ssoHome(ic, moto, keychain)
  })
  afterAll(async () => {
    await ic.close()
    home.remove()
  })

  it('prints URL and code on stderr, completes when approved, leaves no token on disk', async () => {
    const result = await deviceLogin(ic, ['--profile', 'dev', '--json'], home.cliEnv)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toContain(`${ic.url}/device?user_code=`)
    expect(result.stderr).toMatch(/Code: [A-Z]{4}-[A-Z]{4}/)
    const out = JSON.parse(result.stdout)
    expect(out).toMatchObject({
      profile: 'dev',
      sessionName: 'corp',
      accountId: '111111111111',
      roleName: 'Developer',
    })
    expect(ic.count('RegisterClient')).toBe(1)
    expect(ic.count('CreateToken', 'urn:ietf:params:oauth:grant-type:device_code')).toBeGreaterThanOrEqual(1)
    const secrets = ic.issuedSecrets()
    expect(secrets.length).toBeGreaterThan(3)
    for (const s of secrets) {
      expect(result.stdout).not.toContain(s)
      expect(result.stderr).not.toContain(s)
    }
    expect(filesContaining(home.dir, secrets)).toEqual([])
    // With the file keychain the session IS on disk — encrypted: the scan above covered it.
    expect(existsSync(join(home.dir, '.config', 'secrets', 'keychain.enc'))).toBe(keychain === 'file')
  })

  it('whoami works from a new process without another sign-in, without printing secrets', async () => {
    const before = ic.requests.length
    const result = await cli(['whoami', '--profile', 'dev', '--json'], home.cliEnv)
    expect(result.exitCode, result.stderr).toBe(0)
    const out = JSON.parse(result.stdout)
    expect(out).toMatchObject({
      profile: 'dev',
      ssoSession: 'corp',
      accountId: '111111111111',
      roleName: 'Developer',
    })
    expect(out.account).toMatch(/^\d{12}$/)
    expect(out.arn).toMatch(/^arn:aws:/)
    expect(Date.parse(out.credentialsExpireAt)).toBeGreaterThan(Date.now())
    // Cached role credentials: no call to the fake at all.
    expect(ic.requests.length).toBe(before)
    for (const s of ic.issuedSecrets()) expect(result.stdout + result.stderr).not.toContain(s)
    const text = await cli(['whoami', '--profile', 'dev'], home.cliEnv)
    expect(text.exitCode, text.stderr).toBe(0)
    expect(text.stdout).toContain('Developer in 111111111111')
  })

  it('credentials prints credential_process JSON Version 1', async () => {
    const result = await cli(['credentials', '--profile', 'dev'], home.cliEnv)
    expect(result.exitCode, result.stderr).toBe(0)
    const out = JSON.parse(result.stdout)
    expect(out.Version).toBe(1)
    expect(out.AccessKeyId).toMatch(/^ASIA/)
    expect(typeof out.SecretAccessKey).toBe('string')
    expect(typeof out.SessionToken).toBe('string')
    expect(Date.parse(out.Expiration)).toBeGreaterThan(Date.now())
    expect(result.stderr).toBe('')
  })

  it('logout revokes and deletes; the next command exits 3 naming the login command', async () => {
    const result = await cli(['logout', '--profile', 'dev'], home.cliEnv)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(ic.count('Logout')).toBe(1)
    for (const args of [
      ['whoami', '--profile', 'dev'],
      ['credentials', '--profile', 'dev'],
    ]) {
      const after = await cli(args, home.cliEnv)
      expect(after.exitCode, after.stderr).toBe(3)
      expect(after.stderr).toContain('secrets login --profile dev')
    }
  })
})

describe('device-code login that does not complete', () => {
  let ic: IdentityCenter
  let home: ReturnType<typeof ssoHome>
  beforeAll(async () => {
    ic = await startIdentityCenter({ interval: 1 })
    home = ssoHome(ic, moto)
  })
  afterAll(async () => {
    await ic.close()
    home.remove()
  })

  it.each([
    ['denied', { decision: 'deny' as const, deviceCodeTtlS: 600 }, /denied/],
    ['expired', { decision: 'manual' as const, deviceCodeTtlS: 2 }, /expired/],
  ])('%s → exit 3 with the next step, nothing stored', async (_label, options, message) => {
    Object.assign(ic.options, options)
    const result = await cli(['login', '--profile', 'dev', '--no-browser'], home.cliEnv)
    expect(result.exitCode, result.stderr).toBe(3)
    expect(result.stderr).toMatch(message)
    expect(result.stderr).toContain('secrets login --profile dev')
    const after = await cli(['credentials', '--profile', 'dev'], home.cliEnv)
    expect(after.exitCode).toBe(3)
    expect(after.stderr).toContain('Not signed in')
  })
})
