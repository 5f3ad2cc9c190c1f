import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runCli, tempHome, type TempHome, trustConfigSync } from '../../helpers/cli.js'
import { motoEnv } from '../../helpers/moto.js'

// `secrets policy` against moto: the KMS keys come from DescribeParameters, the output is
// deterministic valid JSON, `--env` picks that environment's needs.

const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab'
let home: TempHome
let project: string
let env: Record<string, string>

beforeAll(async () => {
  home = tempHome()
  env = { ...home.env, ...motoEnv(inject('motoUrl')) }
  const prefix = `/policy-${process.pid}`
  project = join(home.dir, 'app')
  mkdirSync(project)
  writeFileSync(join(project, '.env'), `SHARED=ssm:${prefix}/shared/url\nPLAIN=1\n`)
  writeFileSync(
    join(project, '.secretsrc.json'),
    JSON.stringify({
      store: 'ssm',
      paths: [`${prefix}/app`],
      envFiles: ['.env'],
      needs: {
        aws: [{ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:us-east-1:123456789012:jobs'] }],
      },
      environments: {
        prod: { needs: { aws: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::prod-assets/*'] }] } },
      },
    }),
  )
  trustConfigSync(join(project, '.secretsrc.json'), home.env)
  const ssm = new SSMClient({
    endpoint: inject('motoUrl'),
    region: 'us-east-1',
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
    },
  })
  await ssm.send(
    new PutParameterCommand({
      Name: `${prefix}/app/db`,
      Value: 'v',
      Type: 'SecureString',
      KeyId: KEY,
      Overwrite: true,
    }),
  )
  await ssm.send(
    new PutParameterCommand({ Name: `${prefix}/shared/url`, Value: 'u', Type: 'String', Overwrite: true }),
  )
  ssm.destroy()
})
afterAll(() => home.remove())

describe('secrets policy', () => {
  it('names the key DescribeParameters reports, and is byte-for-byte deterministic', async () => {
    const args = ['policy', '--account-id', '123456789012']
    const [first, second] = [
      await runCli(args, { cwd: project, env }),
      await runCli(args, { cwd: project, env }),
    ]
    expect(first.exitCode, String(first.stderr)).toBe(0)
    expect(first.stdout).toBe(second.stdout)
    const document = JSON.parse(String(first.stdout)) as { Statement: { Sid: string; Resource: string[] }[] }
    expect(document.Statement.map((s) => s.Sid)).toEqual(['ReadParameters', 'DecryptParameters', 'Need0'])
    expect(document.Statement[1]?.Resource).toEqual([`arn:aws:kms:us-east-1:123456789012:key/${KEY}`])
    expect(document.Statement[0]?.Resource).toEqual([
      `arn:aws:ssm:us-east-1:123456789012:parameter/policy-${process.pid}/app`,
      `arn:aws:ssm:us-east-1:123456789012:parameter/policy-${process.pid}/app/*`,
      `arn:aws:ssm:us-east-1:123456789012:parameter/policy-${process.pid}/shared/url`,
    ])
  })

  it("--env prod uses that environment's needs; --json carries size and notes", async () => {
    const result = await runCli(['policy', '--env', 'prod', '--account-id', '123456789012', '--json'], {
      cwd: project,
      env,
    })
    expect(result.exitCode, String(result.stderr)).toBe(0)
    const out = JSON.parse(String(result.stdout)) as {
      document: { Statement: { Sid: string; Action: string[] }[] }
      packedSize: number
      notes: string[]
    }
    expect(out.document.Statement.at(-1)).toMatchObject({ Sid: 'Need0', Action: ['s3:GetObject'] })
    expect(out.packedSize).toBe(JSON.stringify(out.document).length)
    expect(out.notes).toEqual([])
  })

  it('without an account anywhere it says how to give one', async () => {
    const result = await runCli(['policy'], {
      cwd: project,
      env: { ...env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', SECRETS_AWS_TIMEOUT: '3s' },
    })
    expect(result.exitCode).toBe(2)
    expect(String(result.stderr)).toMatch(/--account-id/)
  })
})
