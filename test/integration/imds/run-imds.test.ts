import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { ROOT, runCli, tempHome, type TempHome } from '../../helpers/cli.js'
import { motoEnv } from '../../helpers/moto.js'

// `secrets run --imds|--ecs -- CMD` end to end: the built CLI, a real child process using an
// unmodified SDK, moto as STS. The parent has keys (moto's), the child must not.

const FIXTURES = join(ROOT, 'test', 'fixtures', 'imds')
const ROLE = 'arn:aws:iam::123456789012:role/run-imds-test'
let home: TempHome
let env: Record<string, string>

beforeAll(() => {
  home = tempHome()
  env = { ...home.env, ...motoEnv(inject('motoUrl')) }
})
afterAll(() => home.remove())

function parseLast(stdout: unknown): Record<string, unknown> {
  const lines = String(stdout).trim().split('\n')
  return JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>
}

describe('secrets run --imds / --ecs', () => {
  it.each([
    ['--imds', 'instance'],
    ['--ecs', 'container'],
    ['--imds', 'chain'],
    ['--ecs', 'chain'],
  ])(
    '%s: a JS SDK v3 app (%s provider) signs STS calls, no keys in its environment',
    async (flag, provider) => {
      const result = await runCli(
        [
          'run',
          '--store',
          'local',
          flag,
          '--role-arn',
          ROLE,
          '--',
          'node',
          join(FIXTURES, 'sdk-client.mjs'),
          provider,
        ],
        { env },
      )
      expect(result.exitCode, String(result.stderr)).toBe(0)
      expect(parseLast(result.stdout)).toMatchObject({
        provider,
        arn: expect.stringMatching(/assumed-role\/run-imds-test\//),
        staticKeysInEnv: false,
      })
    },
  )

  it.each(['--imds', '--ecs'])('%s: boto3 signs STS calls through the endpoint', async (flag) => {
    const result = await runCli(
      [
        'run',
        '--store',
        'local',
        flag,
        '--role-arn',
        ROLE,
        '--',
        'python3',
        join(FIXTURES, 'boto-client.py'),
      ],
      { env },
    )
    expect(result.exitCode, String(result.stderr)).toBe(0)
    expect(parseLast(result.stdout)).toMatchObject({
      method: flag === '--imds' ? 'iam-role' : 'container-role',
      arn: expect.stringMatching(/assumed-role\/run-imds-test\//),
    })
  })

  it('--imds without --role-arn: the aws CLI gets minted (not long-term) credentials', async () => {
    const result = await runCli(
      ['run', '--store', 'local', '--imds', '--', 'aws', 'sts', 'get-caller-identity'],
      {
        env,
      },
    )
    expect(result.exitCode, String(result.stderr)).toBe(0)
    expect(parseJson(result.stdout)).toMatchObject({ Account: '123456789012' })
  })

  it('--ecs: the child sees only the endpoint, the token file is 0600 and gone afterwards', async () => {
    const script = [
      'const fs = require("fs")',
      'const f = process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
      'const names = ["AWS_ACCESS_KEY_ID","AWS_SECRET_ACCESS_KEY","AWS_SESSION_TOKEN","AWS_PROFILE","AWS_EC2_METADATA_DISABLED"]',
      'console.log(JSON.stringify({ file: f, mode: (fs.statSync(f).mode & 0o777).toString(8),',
      '  uri: process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI, noProxy: process.env.NO_PROXY,',
      '  leaked: names.filter((n) => n in process.env) }))',
      'process.exit(7)',
    ].join('\n')
    // Parent credentials that are already temporary (a session token, no known expiry) are
    // served as they are; the child still gets only the endpoint.
    const result = await runCli(['run', '--store', 'local', '--ecs', '--', 'node', '-e', script], {
      env: { ...env, AWS_SESSION_TOKEN: 'parent-session-token' },
    })
    expect(result.exitCode).toBe(7)
    const out = parseLast(result.stdout)
    expect(out).toMatchObject({ mode: '600', leaked: [], noProxy: expect.stringContaining('127.0.0.1') })
    expect(out.uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/credentials$/)
    expect(existsSync(String(out.file))).toBe(false)
  })

  it.each([
    [['--imds', '--ecs'], /cannot also be provided|--ecs/],
    [['--imds', '--aws-env'], /cannot also be provided|--aws-env/],
    [['--role-arn', ROLE], /needs --imds or --ecs/],
    [['--imds', '--role-arn', 'nope'], /not an IAM role ARN/],
  ])('%j is refused before the child starts', async (flags, message) => {
    const result = await runCli(
      ['run', '--store', 'local', ...flags, '--', 'node', '-e', 'console.log("ran")'],
      {
        env,
      },
    )
    expect(result.exitCode).not.toBe(0)
    expect(String(result.stdout)).not.toContain('ran')
    expect(String(result.stderr)).toMatch(message)
  })
})

function parseJson(stdout: unknown): Record<string, unknown> {
  return JSON.parse(String(stdout)) as Record<string, unknown>
}
