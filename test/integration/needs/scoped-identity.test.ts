import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, runCli, tempHome, type TempHome, trustConfigSync } from '../../helpers/cli.js'
import { motoEnv, startMoto, type MotoServer } from '../../helpers/moto.js'
import { startRecordingProxy, type RecordingProxy } from '../../helpers/recording-proxy.js'

// Need to know, both halves, on moto with IAM enforcement on (its own moto_server, started
// with INITIAL_NO_AUTH_ACTION_COUNT and switched to enforcing after the set-up calls):
// (a) a role whose policy is exactly what `secrets policy` prints lets the app — an SDK v3
//     app and a botocore app started by `secrets run --imds` — read its parameters, and is
//     denied another path and a write. moto checks SSM against Resource "*" only, so the
//     moto process loads test/helpers/moto_ssm_arn_shim.py (test-only) to hand its
//     authoriser the parameter ARNs AWS evaluates.
// (b) moto ignores session policies, so a recording proxy in front of STS shows that
//     AssumeRole carried the declared session policy (the one `policy --explain` shows).
// Before this change `run --imds` served the developer's whole identity and sent no Policy.

const FIXTURES = join(ROOT, 'test', 'fixtures', 'needs')
const ACCOUNT = '123456789012'
const ROLE = `arn:aws:iam::${ACCOUNT}:role/myapp-dev`
let moto: MotoServer
let sts: RecordingProxy
let home: TempHome
let project: string
let env: Record<string, string>

/** The Python that has moto (moto_server's own interpreter when it is a script). */
function motoPython(): string {
  try {
    const path = execFileSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' }).trim()
    const shebang = /^#!(\S*python\S*)/.exec(readFileSync(path, 'utf8').split('\n')[0] ?? '')
    if (shebang?.[1]) return shebang[1]
  } catch {
    /* fall back */
  }
  return 'python3'
}

beforeAll(async () => {
  moto = await startMoto({
    command: [motoPython(), join(ROOT, 'test', 'helpers', 'moto_ssm_arn_shim.py')],
    env: { INITIAL_NO_AUTH_ACTION_COUNT: '1000000' },
  })
  sts = await startRecordingProxy(moto.url)
  home = tempHome()
  project = join(home.dir, 'myapp')
  mkdirSync(project)
  writeFileSync(
    join(project, '.secretsrc.json'),
    JSON.stringify({
      store: 'ssm',
      paths: ['/myapp/dev'],
      needs: {
        role: ROLE,
        aws: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::myapp-dev-assets/*'] }],
      },
    }),
  )
  trustConfigSync(join(project, '.secretsrc.json'), home.env)
  const admin = { ...motoEnv(moto.url) }
  const clientConfig = {
    endpoint: moto.url,
    region: 'us-east-1',
    credentials: {
      accessKeyId: admin.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: admin.AWS_SECRET_ACCESS_KEY ?? '',
    },
  }
  const ssm = new SSMClient(clientConfig)
  const iam = new IAMClient(clientConfig)
  await ssm.send(
    new PutParameterCommand({ Name: '/myapp/dev/db/password', Value: 'pw-0123456789', Type: 'SecureString' }),
  )
  await ssm.send(new PutParameterCommand({ Name: '/myapp/dev/api/url', Value: 'https://x', Type: 'String' }))
  await ssm.send(new PutParameterCommand({ Name: '/other/secret', Value: 'not-for-myapp', Type: 'String' }))
  // The developer: reads the project's parameters and may assume the app's role.
  await iam.send(new CreateUserCommand({ UserName: 'dev' }))
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'dev',
      PolicyName: 'developer',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['ssm:*', 'sts:AssumeRole', 'sts:GetSessionToken'], Resource: '*' },
        ],
      }),
    }),
  )
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }))
  // The app's role, with exactly the policy `secrets policy` prints for this project.
  const printed = await runCli(['policy', '--account-id', ACCOUNT, '--region', 'us-east-1', '--json'], {
    cwd: project,
    env: { ...home.env, ...motoEnv(moto.url) },
  })
  expect(printed.exitCode, String(printed.stderr)).toBe(0)
  const document = (JSON.parse(String(printed.stdout)) as { document: unknown }).document
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'myapp-dev',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/dev` },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    }),
  )
  const policy = await iam.send(
    new CreatePolicyCommand({ PolicyName: 'myapp-dev', PolicyDocument: JSON.stringify(document) }),
  )
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'myapp-dev', PolicyArn: policy.Policy?.Arn }))
  ssm.destroy()
  iam.destroy()
  // From here on moto enforces IAM for every call.
  const reset = await fetch(`${moto.url}/moto-api/reset-auth`, { method: 'POST', body: '0' })
  expect(reset.status).toBe(200)
  env = {
    ...home.env,
    ...motoEnv(moto.url),
    AWS_ACCESS_KEY_ID: key.AccessKey?.AccessKeyId ?? '',
    AWS_SECRET_ACCESS_KEY: key.AccessKey?.SecretAccessKey ?? '',
    AWS_ENDPOINT_URL_STS: sts.url,
    USER: 'alice',
  }
}, 60_000)

afterAll(async () => {
  await sts?.close()
  await moto?.close()
  home?.remove()
})

function lastJson(stdout: unknown): Record<string, unknown> {
  return JSON.parse(String(stdout).trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>
}

describe('run --imds with declared needs, on moto enforcing IAM', () => {
  it.each([
    ['an SDK v3 app', ['node', join(FIXTURES, 'ssm-app.mjs')]],
    ['a botocore app', ['python3', join(FIXTURES, 'ssm-app.py')]],
  ])('%s reads its own parameters and is denied another path and a write', async (_name, command) => {
    sts.requests.length = 0
    const result = await runCli(['run', '--imds', '--', ...command], { cwd: project, env })
    expect(result.exitCode, String(result.stderr)).toBe(0)
    const out = lastJson(result.stdout)
    expect(out.own).toEqual({ ok: true, value: 'pw-0123456789'.length })
    expect(out.byPath).toEqual({ ok: true, value: 2 })
    // The same credentials just read the app's own parameters, so a 403 here is the policy
    // (not the signature); botocore also shows moto's AccessDenied text, SDK v3 cannot parse it.
    const denied =
      command[0] === 'node' ? { ok: false, status: 403 } : { ok: false, status: 403, error: 'AccessDenied' }
    expect(out.other).toMatchObject(denied)
    expect(out.write).toMatchObject(denied)
    expect(String(result.stdout) + String(result.stderr)).not.toContain('pw-0123456789')
  })

  it('AssumeRole carries the declared session policy and names who and which project', async () => {
    sts.requests.length = 0
    const result = await runCli(['run', '--imds', '--', 'node', '-e', ''], { cwd: project, env })
    expect(result.exitCode, String(result.stderr)).toBe(0)
    const assume = sts.requests
      .map((r) => new URLSearchParams(r.body))
      .filter((form) => form.get('Action') === 'AssumeRole')
    expect(assume).toHaveLength(1)
    const form = assume[0] ?? new URLSearchParams()
    expect(form.get('RoleArn')).toBe(ROLE)
    expect(form.get('RoleSessionName')).toBe('secrets-alice@myapp')
    expect(Number(form.get('DurationSeconds'))).toBeLessThanOrEqual(3600)
    const explained = await runCli(['policy', '--explain', '--json', '--region', 'us-east-1'], {
      cwd: project,
      env,
    })
    expect(explained.exitCode, String(explained.stderr)).toBe(0)
    const declared = (lastJson(explained.stdout) as { sessionPolicy: unknown }).sessionPolicy
    expect(JSON.parse(form.get('Policy') ?? 'null')).toEqual(declared)
    expect(declared).toMatchObject({
      Statement: expect.arrayContaining([
        expect.objectContaining({ Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::myapp-dev-assets/*'] }),
        expect.objectContaining({
          Sid: 'ReadParameters',
          Resource: [
            `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/myapp/dev`,
            `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/myapp/dev/*`,
          ],
        }),
      ]),
    })
  })

  it('the aws CLI in the child gets the scoped role too', async () => {
    const result = await runCli(
      ['run', '--imds', '--', 'aws', 'ssm', 'get-parameter', '--name', '/other/secret'],
      { cwd: project, env },
    )
    expect(result.exitCode).not.toBe(0)
    expect(String(result.stderr)).toMatch(/AccessDenied/)
  })
})

describe('run --imds refuses what it cannot narrow', () => {
  const projectWith = (config: object) => {
    const dir = join(home.dir, `p-${Math.random().toString(36).slice(2)}`)
    mkdirSync(dir)
    writeFileSync(join(dir, '.secretsrc.json'), JSON.stringify(config))
    trustConfigSync(join(dir, '.secretsrc.json'), home.env)
    return dir
  }

  it('needs declared, no role: exit 125 with why and how, the child never starts', async () => {
    const cwd = projectWith({
      needs: { aws: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }] },
    })
    const result = await runCli(
      ['run', '--store', 'local', '--imds', '--', 'node', '-e', 'console.log("ran")'],
      {
        cwd,
        env,
      },
    )
    expect(result.exitCode).toBe(125)
    expect(String(result.stdout)).not.toContain('ran')
    expect(String(result.stderr)).toMatch(/cannot be narrowed/)
    expect(String(result.stderr)).toMatch(/needs\.role.*--role-arn.*--unscoped/s)
  })

  it('--unscoped runs without the session policy and warns every time', async () => {
    const cwd = projectWith({
      needs: { role: ROLE, aws: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }] },
    })
    for (let i = 0; i < 2; i++) {
      sts.requests.length = 0
      const result = await runCli(
        ['run', '--store', 'local', '--imds', '--unscoped', '--', 'node', '-e', ''],
        {
          cwd,
          env,
        },
      )
      expect(result.exitCode, String(result.stderr)).toBe(0)
      expect(String(result.stderr)).toMatch(/warning: --unscoped: the child gets your full AWS identity/)
      const assume = sts.requests
        .map((r) => new URLSearchParams(r.body))
        .filter((f) => f.get('Action') === 'AssumeRole')
      expect(assume.map((f) => f.get('Policy'))).toEqual([null])
    }
  })

  it('a session policy over 2,048 characters fails before AssumeRole, naming what to trim', async () => {
    const resources = Array.from({ length: 60 }, (_, i) => `arn:aws:s3:::myapp-bucket-number-${i}/*`)
    const cwd = projectWith({
      needs: {
        role: ROLE,
        aws: [
          { actions: ['s3:GetObject'], resources },
          { actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:us-east-1:123456789012:q'] },
        ],
      },
    })
    sts.requests.length = 0
    const result = await runCli(['run', '--store', 'local', '--imds', '--', 'node', '-e', ''], { cwd, env })
    expect(result.exitCode).toBe(125)
    expect(String(result.stderr)).toMatch(/session policy .* is \d+ characters; STS allows 2,048/)
    expect(String(result.stderr)).toMatch(/Largest statements: needs\.aws\[0\] \(\d+\)/)
    expect(sts.requests.filter((r) => r.body.includes('Action=AssumeRole'))).toHaveLength(0)
  })
})

describe('secrets imds with declared needs', () => {
  it('serves the scoped role: AssumeRole carries the session policy', async () => {
    sts.requests.length = 0
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_)/.test(k)))
    const child = execa('node', [join(ROOT, 'bin', 'run.js'), 'imds', '--json'], {
      cwd: project,
      env: { ...base, ...env },
      extendEnv: false,
      reject: false,
      timeout: 30_000,
    })
    try {
      // The first stdout line (the endpoints) means the credentials were minted.
      await new Promise<void>((resolve, reject) => {
        child.stdout?.once('data', () => resolve())
        child.once('exit', () => reject(new Error(`imds exited: ${String(child.exitCode)}`)))
      })
      const assume = sts.requests
        .map((r) => new URLSearchParams(r.body))
        .filter((f) => f.get('Action') === 'AssumeRole')
      expect(assume.map((f) => f.get('RoleArn'))).toEqual([ROLE])
      const policy = JSON.parse(assume[0]?.get('Policy') ?? '{}') as { Statement: { Sid: string }[] }
      expect(policy.Statement.map((s) => s.Sid)).toEqual([
        'ReadParameters',
        'DecryptParametersByAlias',
        'Need0',
      ])
    } finally {
      child.kill('SIGTERM')
      await child
    }
  })
})
