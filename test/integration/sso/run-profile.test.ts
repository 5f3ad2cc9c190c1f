import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { ROOT } from '../../helpers/cli.js'
import { seedParameters } from '../../helpers/ssm-seed.js'
import { startIdentityCenter, type IdentityCenter } from '../../fakes/identity-center/index.js'
import { cli, deviceLogin, ssoHome } from './sso-fixture.js'

const moto = inject('motoUrl')
const DUMP = join(ROOT, 'test/fixtures/run/env-dump.mjs')
const prefix = `/sso-run-${randomBytes(4).toString('hex')}`
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 })

describe('secrets run --profile (SSO session)', () => {
  let ic: IdentityCenter
  let home: ReturnType<typeof ssoHome>

  beforeAll(async () => {
    ic = await startIdentityCenter({ interval: 1 })
    home = ssoHome(ic, moto)
    await seedParameters(moto, { [`${prefix}/db/password`]: 'sso-run-db-secret' })
    const login = await deviceLogin(ic, ['--profile', 'dev'], home.cliEnv)
    expect(login.exitCode, login.stderr).toBe(0)
  })
  afterAll(async () => {
    await ic.close()
    home.remove()
  })

  it('reads SSM with the role credentials and, with --aws-env, hands them to the child', async () => {
    const r = await cli(
      [
        'run',
        '--store',
        'ssm',
        '--profile',
        'dev',
        '--path',
        prefix,
        '--aws-env',
        '--',
        'node',
        DUMP,
        'DB_PASSWORD',
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
        'AWS_SESSION_TOKEN',
        'AWS_CREDENTIAL_EXPIRATION',
        'AWS_REGION',
        'AWS_PROFILE',
      ],
      { ...home.cliEnv, AWS_PROFILE: 'dev' },
    )
    expect(r.exitCode, r.stderr).toBe(0)
    const env = JSON.parse(r.stdout) as Record<string, string | null>
    expect(env.DB_PASSWORD).toBe('sso-run-db-secret')
    expect(env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/)
    expect(env.AWS_SECRET_ACCESS_KEY).toBeTruthy()
    expect(env.AWS_SESSION_TOKEN).toBeTruthy()
    expect(new Date(env.AWS_CREDENTIAL_EXPIRATION ?? '').getTime()).toBeGreaterThan(Date.now())
    expect(env.AWS_REGION).toBe('us-east-1')
    expect(env.AWS_PROFILE).toBeNull()
    expect(ic.issuedSecrets().some((s) => s === env.AWS_SECRET_ACCESS_KEY)).toBe(true)
    expect(r.stderr).not.toContain(env.AWS_SECRET_ACCESS_KEY ?? 'unset')
  })

  it('after logout, says how to sign in (exit 125 from run, the login hint on stderr)', async () => {
    expect((await cli(['logout', '--profile', 'dev'], home.cliEnv)).exitCode).toBe(0)
    const r = await cli(
      ['run', '--store', 'ssm', '--profile', 'dev', '--path', prefix, '--', 'true'],
      home.cliEnv,
    )
    expect(r.exitCode).toBe(125)
    expect(r.stderr).toContain('secrets login --profile dev')
  })
})
