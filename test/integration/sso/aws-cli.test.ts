import { appendFileSync } from 'node:fs'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { SSMClient, PutParameterCommand } from '@aws-sdk/client-ssm'
import { BIN } from '../../helpers/cli.js'
import { motoEnv } from '../../helpers/moto.js'
import { startIdentityCenter, type IdentityCenter } from '../../fakes/identity-center/index.js'
import { cli, deviceLogin, ssoHome } from './sso-fixture.js'

const moto = inject('motoUrl')
// Real processes on a shared 2-core machine: allow for a loaded CI run.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 })

describe('SSO credentials used by other tools', () => {
  let ic: IdentityCenter
  let home: ReturnType<typeof ssoHome>

  beforeAll(async () => {
    ic = await startIdentityCenter({ decision: 'approve', approveAfterPolls: 1 })
    home = ssoHome(ic, moto)
    appendFileSync(
      home.cliEnv.AWS_CONFIG_FILE ?? '',
      `\n[profile via-process]\ncredential_process = node ${BIN} credentials --profile dev\nregion = us-east-1\n`,
    )
    const login = await deviceLogin(ic, ['--profile', 'dev'], home.cliEnv)
    expect(login.exitCode, login.stderr).toBe(0)
  })
  afterAll(async () => {
    await ic.close()
    home.remove()
  })

  it('the real aws CLI gets its identity through credential_process', async () => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_)/.test(k)))
    const result = await execa(
      'aws',
      ['sts', 'get-caller-identity', '--profile', 'via-process', '--endpoint-url', moto, '--output', 'json'],
      { env: { ...base, ...home.cliEnv }, extendEnv: false, reject: false, timeout: 60_000 },
    )
    expect(result.exitCode, result.stderr).toBe(0)
    const out = JSON.parse(result.stdout)
    expect(out.Account).toMatch(/^\d{12}$/)
    expect(ic.count('CreateToken')).toBeGreaterThanOrEqual(1)
  })

  it('get and list --store ssm --profile dev read SSM in moto with SSO-issued credentials', async () => {
    const prefix = `/sso-it-${Date.now().toString(36)}`
    const env = motoEnv(moto)
    const ssm = new SSMClient({
      region: 'us-east-1',
      endpoint: moto,
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
      },
    })
    const value = `s3cr3t-${Math.random().toString(36).slice(2)}`
    await ssm.send(
      new PutParameterCommand({ Name: `${prefix}/db/password`, Value: value, Type: 'SecureString' }),
    )
    ssm.destroy()
    const got = await cli(['get', `${prefix}/db/password`, '--store', 'ssm', '--profile', 'dev'], home.cliEnv)
    expect(got.exitCode, got.stderr).toBe(0)
    expect(got.stdout.trim()).toBe(value)
    const listed = await cli(['list', prefix, '--store', 'ssm', '--profile', 'dev', '--json'], home.cliEnv)
    expect(listed.exitCode, listed.stderr).toBe(0)
    expect(JSON.parse(listed.stdout).map((p: { path: string }) => p.path)).toEqual([`${prefix}/db/password`])
    expect(listed.stdout).not.toContain(value)
  })

  it('after logout, the ssm store says how to sign in (exit 3)', async () => {
    expect((await cli(['logout', '--all'], home.cliEnv)).exitCode).toBe(0)
    const result = await cli(['list', '/', '--store', 'ssm', '--profile', 'dev'], home.cliEnv)
    expect(result.exitCode, result.stderr).toBe(3)
    expect(result.stderr).toContain('secrets login --profile dev')
  })
})
