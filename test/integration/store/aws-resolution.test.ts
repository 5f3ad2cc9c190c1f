import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runCli, tempHome, type TempHome } from '../../helpers/cli.js'
import { seedParameters } from '../../helpers/ssm-seed.js'

const moto = inject('motoUrl')
const prefix = `/res${randomBytes(4).toString('hex')}`
let home: TempHome

beforeAll(async () => {
  home = tempHome()
  await seedParameters(moto, { [`${prefix}/key`]: 'resolved-through-profile' })
  mkdirSync(dirname(home.env.AWS_CONFIG_FILE ?? ''), { recursive: true })
  writeFileSync(
    home.env.AWS_SHARED_CREDENTIALS_FILE ?? '',
    '[team]\naws_access_key_id = AKIAPROFILEKEY000001\naws_secret_access_key = profile-secret\n',
  )
  writeFileSync(home.env.AWS_CONFIG_FILE ?? '', '[profile team]\nregion = us-east-1\n')
})
afterAll(() => home.remove())

describe('AWS settings resolve as the SDK does', () => {
  it('uses AWS_ENDPOINT_URL_SSM, AWS_PROFILE credentials and the profile region', async () => {
    const r = await runCli(['get', `${prefix}/key`, '--store', 'ssm'], {
      env: { ...home.env, AWS_ENDPOINT_URL_SSM: moto, AWS_PROFILE: 'team' },
    })
    // The one profile rule says which profile it used when it was not the flag (issue 23.3).
    expect(r.stderr).toBe('secrets: using profile team (from AWS_PROFILE)')
    expect(r.stdout).toBe('resolved-through-profile')
  })

  it('explains a missing region', async () => {
    const r = await runCli(['list', prefix, '--store', 'ssm'], {
      env: {
        ...home.env,
        AWS_ENDPOINT_URL_SSM: moto,
        AWS_ACCESS_KEY_ID: 'AKIAX',
        AWS_SECRET_ACCESS_KEY: 'x',
      },
    })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toMatch(/No AWS region/)
    expect(r.stderr).toMatch(/--region|AWS_REGION/)
  })
})
