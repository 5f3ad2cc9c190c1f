import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { ROOT } from '../../helpers/cli.js'
import { startIdentityCenter, type IdentityCenter } from '../../fakes/identity-center/index.js'
import { cli, filesContaining, ssoHome } from './sso-fixture.js'

const moto = inject('motoUrl')
// Real processes on a shared 2-core machine: allow for a loaded CI run.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 })
const FAKE_BROWSER = join(ROOT, 'test', 'fakes', 'identity-center', 'fake-browser.mjs')

describe('browser login (auth code + PKCE), role choice, legacy profiles', () => {
  let ic: IdentityCenter
  let home: ReturnType<typeof ssoHome>
  let env: Record<string, string>

  beforeAll(async () => {
    ic = await startIdentityCenter({ interval: 1, decision: 'approve' })
    home = ssoHome(ic, moto)
    env = { ...home.cliEnv, BROWSER: FAKE_BROWSER }
  })
  afterAll(async () => {
    await ic.close()
    home.remove()
  })

  it('signs in through the loopback redirect; nothing token-bearing on disk', async () => {
    const result = await cli(['login', '--force', '--profile', 'dev'], env)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toContain(`${ic.url}/authorize?`)
    expect(ic.count('Authorize')).toBe(1)
    expect(ic.count('CreateToken', 'authorization_code')).toBe(1)
    expect(ic.count('StartDeviceAuthorization')).toBe(0)
    expect(filesContaining(home.dir, ic.issuedSecrets())).toEqual([])
    const who = await cli(['whoami', '--profile', 'dev', '--json'], home.cliEnv)
    expect(who.exitCode, who.stderr).toBe(0)
  })

  it('parallel logins open one browser tab; the others reuse the session', async () => {
    const tabs = ic.count('Authorize')
    const results = await Promise.all(
      [1, 2, 3].map(() => cli(['login', '--force', '--profile', 'dev', '--json'], env)),
    )
    for (const r of results) expect(r.exitCode, r.stderr).toBe(0)
    expect(ic.count('Authorize') - tabs).toBe(1)
    expect(results.filter((r) => JSON.parse(r.stdout).reused)).toHaveLength(2)
  })

  it('no role and no terminal: exit 2 listing the choices', async () => {
    const result = await cli(['credentials', '--profile', 'pick'], home.cliEnv)
    expect(result.exitCode, result.stderr).toBe(2)
    expect(result.stderr).toContain('--account-id 222222222222 --role-name Developer')
    expect(result.stderr).toContain('--account-id 333333333333 --role-name ReadOnly')
    expect(result.stdout).toBe('')
  })

  it('--account-id/--role-name at login are remembered for the profile', async () => {
    const login = await cli(
      ['login', '--profile', 'pick', '--account-id', '333333333333', '--role-name', 'ReadOnly'],
      env,
    )
    expect(login.exitCode, login.stderr).toBe(0)
    const who = await cli(['whoami', '--profile', 'pick', '--json'], home.cliEnv)
    expect(who.exitCode, who.stderr).toBe(0)
    expect(JSON.parse(who.stdout)).toMatchObject({ accountId: '333333333333', roleName: 'ReadOnly' })
  })

  it('legacy profiles (sso_start_url in the profile) sign in to their own session', async () => {
    const login = await cli(['login', '--profile', 'legacy', '--no-browser'], env)
    expect(login.exitCode, login.stderr).toBe(0)
    const who = await cli(['whoami', '--profile', 'legacy', '--json'], home.cliEnv)
    expect(who.exitCode, who.stderr).toBe(0)
    expect(JSON.parse(who.stdout)).toMatchObject({
      ssoSession: 'https://example-org.awsapps.com/start/legacy',
      accountId: '222222222222',
    })
  })

  it('a non-SSO or unknown profile is a usage error naming the SSO profiles', async () => {
    for (const profile of ['static', 'nope']) {
      const result = await cli(['login', '--profile', profile], env)
      expect(result.exitCode).toBe(2)
      expect(result.stderr).toContain('dev, legacy, pick')
    }
  })

  it('logout --all ends every session', async () => {
    const result = await cli(['logout', '--all', '--json'], home.cliEnv)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout).sessions.sort()).toEqual([
      'corp',
      'https://example-org.awsapps.com/start/legacy',
    ])
    for (const profile of ['dev', 'legacy']) {
      const after = await cli(['credentials', '--profile', profile], home.cliEnv)
      expect(after.exitCode).toBe(3)
      expect(after.stderr).toContain(`secrets login --profile ${profile}`)
    }
  })
})
