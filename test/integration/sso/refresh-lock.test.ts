import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { startIdentityCenter, type IdentityCenter } from '../../fakes/identity-center/index.js'
import { cli, deviceLogin, filesContaining, ssoHome } from './sso-fixture.js'

const moto = inject('motoUrl')
// Real processes on a shared 2-core machine: allow for a loaded CI run.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 })
const REFRESH = 'refresh_token'

describe.each(['file', 'os'] as const)(
  'silent refresh under a cross-process lock (%s keychain)',
  (keychain) => {
    let ic: IdentityCenter
    let home: ReturnType<typeof ssoHome>

    beforeAll(async () => {
      // Tokens and role credentials issued at login expire within the 15-minute window.
      ic = await startIdentityCenter({ interval: 1, accessTokenTtlS: 300, roleCredentialTtlS: 300 })
      home = ssoHome(ic, moto, keychain)
      const login = await deviceLogin(ic, ['--profile', 'dev'], home.cliEnv)
      expect(login.exitCode, login.stderr).toBe(0)
      ic.options.accessTokenTtlS = 3600
      ic.options.roleCredentialTtlS = 3600
    })
    afterAll(async () => {
      await ic.close()
      home.remove()
    })

    it('ten parallel processes needing a refresh cause exactly one CreateToken(refresh_token)', async () => {
      const before = ic.count('CreateToken', REFRESH)
      const results = await Promise.all(
        Array.from({ length: 10 }, () => cli(['credentials', '--profile', 'dev'], home.cliEnv, 90_000)),
      )
      for (const r of results) expect(r.exitCode, r.stderr).toBe(0)
      expect(ic.count('CreateToken', REFRESH) - before).toBe(1)
      // The refresh rotated the token (the fake revokes the old one): nobody used a stale one.
      expect(ic.requests.filter((r) => r.op === 'CreateToken' && r.status !== 200)).toEqual([])
      expect(filesContaining(home.dir, ic.issuedSecrets())).toEqual([])
    })

    it('a revoked session ends with exit 3 and the login command', async () => {
      // Force a new round: the cached credentials and token go stale, and the server forgets us.
      ic.options.accessTokenTtlS = 300
      ic.options.roleCredentialTtlS = 300
      const again = await deviceLogin(ic, ['--profile', 'dev'], home.cliEnv)
      expect(again.exitCode, again.stderr).toBe(0)
      ic.revokeRefreshTokens()
      ic.expireAccessTokens()
      const result = await cli(['whoami', '--profile', 'dev'], home.cliEnv)
      expect(result.exitCode, result.stderr).toBe(3)
      expect(result.stderr).toContain('secrets login --profile dev')
    })
  },
)
