import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startChildEmulator, withChildEmulator, type ChildEmulator } from '../../../src/core/imds/index.js'
import { MemoryKeychain } from '../../../src/core/keychain/index.js'
import { ROOT, tempHome, type TempHome } from '../../helpers/cli.js'
import { motoEnv } from '../../helpers/moto.js'

// `secrets run --imds|--ecs` in miniature: the emulator runs in this process (the source
// identity is moto's static test key in the environment, as the SDK default chain finds
// it), and real child processes — the JS SDK, boto3, the aws CLI — get only the endpoint.

const FIXTURES = join(ROOT, 'test', 'fixtures', 'imds')
const ROLE = 'arn:aws:iam::123456789012:role/imds-child-test'
let home: TempHome
let moto: string

/** The child's environment: a clean base (no AWS keys) plus what the emulator says. */
function childEnv(child: ChildEmulator): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...home.env,
    AWS_ENDPOINT_URL: moto,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIASHOULDBEREMOVED0',
    AWS_SECRET_ACCESS_KEY: 'should-be-removed',
    AWS_PROFILE: 'should-be-removed',
    AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent/should-be-removed',
    AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/should-be-removed',
    ...child.env,
  }
  for (const name of child.unset) delete env[name]
  return env
}

async function runChild(file: string, args: string[], env: Record<string, string>) {
  const result = await execa(file, args, { env, extendEnv: false, reject: false, timeout: 30_000 })
  expect(result.stderr).not.toMatch(/should-be-removed/)
  return result
}

beforeAll(() => {
  moto = inject('motoUrl')
  home = tempHome()
  // A laptop's usual static default profile: the child must not pick it up instead.
  const credentialsFile = home.env.AWS_SHARED_CREDENTIALS_FILE ?? ''
  mkdirSync(dirname(credentialsFile), { recursive: true })
  writeFileSync(
    credentialsFile,
    '[default]\naws_access_key_id = AKIADEFAULTPROFILE01\naws_secret_access_key = should-be-removed-default\n',
  )
  // The parent (like `secrets` itself) resolves its source identity from its environment.
  Object.assign(process.env, home.env, motoEnv(moto))
})
afterAll(() => home.remove())

describe.each([
  ['imds', 'instance'],
  ['ecs', 'container'],
] as const)('startChildEmulator(%s)', (mode, provider) => {
  let plain: ChildEmulator
  let role: ChildEmulator
  beforeAll(async () => {
    const keychain = new MemoryKeychain()
    plain = await startChildEmulator({ mode }, { env: process.env, keychain: () => keychain })
    role = await startChildEmulator({ mode, roleArn: ROLE }, { env: process.env, keychain: () => keychain })
  }, 60_000)
  afterAll(async () => {
    await plain?.close()
    await role?.close()
  })

  it('gives the child only an endpoint, never keys', () => {
    expect(plain.unset).toEqual(
      expect.arrayContaining([
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
        'AWS_SESSION_TOKEN',
        'AWS_PROFILE',
        'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
        'AWS_EC2_METADATA_DISABLED',
      ]),
    )
    expect(Object.keys(plain.env).filter((k) => /KEY|SECRET|SESSION_TOKEN/.test(k))).toEqual([])
    expect(plain.env.NO_PROXY).toContain('127.0.0.1')
    expect(plain.env.no_proxy).toBe(plain.env.NO_PROXY)
    if (mode === 'imds')
      expect(plain.env.AWS_EC2_METADATA_SERVICE_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    else {
      expect(plain.env.AWS_CONTAINER_CREDENTIALS_FULL_URI).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/credentials$/)
      const file = plain.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ?? ''
      expect(statSync(file).mode & 0o777).toBe(0o600)
      expect(statSync(dirname(file)).mode & 0o777).toBe(0o700)
      expect(readFileSync(file, 'utf8')).toBe(plain.env.AWS_CONTAINER_AUTHORIZATION_TOKEN)
    }
  })

  it.each([provider, 'chain'])(
    'JS SDK v3 (%s provider) signs STS calls with the served credentials',
    async (which) => {
      const result = await runChild('node', [join(FIXTURES, 'sdk-client.mjs'), which], childEnv(role))
      expect(result.exitCode, result.stderr).toBe(0)
      const out = JSON.parse(result.stdout) as Record<string, unknown>
      expect(out.arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/imds-child-test\//)
      expect(out.accessKeyId).toMatch(/^ASIA/)
      expect(out.staticKeysInEnv).toBe(false)
      // Served credentials have more than 15 minutes left.
      expect(Date.parse(String(out.expiration)) - Date.now()).toBeGreaterThan(15 * 60_000)
    },
  )

  it('JS SDK v3 gets temporary (GetSessionToken) credentials from long-term keys', async () => {
    const result = await runChild('node', [join(FIXTURES, 'sdk-client.mjs'), provider], childEnv(plain))
    expect(result.exitCode, result.stderr).toBe(0)
    const out = JSON.parse(result.stdout) as Record<string, unknown>
    expect(out.account).toBe('123456789012')
    // The parent's long-term key is never what the child holds.
    expect(out.accessKeyId).not.toBe(motoEnv(moto).AWS_ACCESS_KEY_ID)
    // Nor the static [default] profile of ~/.aws/credentials.
    expect(out.accessKeyId).not.toBe('AKIADEFAULTPROFILE01')
  })

  it('boto3 / botocore resolves through the endpoint and signs', async () => {
    const result = await runChild('python3', [join(FIXTURES, 'boto-client.py')], childEnv(role))
    expect(result.exitCode, result.stderr).toBe(0)
    const out = JSON.parse(result.stdout) as Record<string, unknown>
    expect(out.method).toBe(mode === 'imds' ? 'iam-role' : 'container-role')
    expect(out.arn).toMatch(/assumed-role\/imds-child-test\//)
    expect(out.staticKeysInEnv).toBe(false)
  })

  it('the aws CLI resolves through the endpoint and signs', async () => {
    const result = await runChild('aws', ['sts', 'get-caller-identity', '--output', 'json'], childEnv(role))
    expect(result.exitCode, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({
      Account: '123456789012',
      Arn: expect.stringMatching(/assumed-role\/imds-child-test\//),
    })
  })
})

describe('startChildEmulator close()', () => {
  it('stops the server and removes the token file', async () => {
    const keychain = new MemoryKeychain()
    const child = await startChildEmulator({ mode: 'ecs' }, { env: process.env, keychain: () => keychain })
    const file = child.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ?? ''
    const url = child.env.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? ''
    expect(existsSync(file)).toBe(true)
    await child.close()
    expect(existsSync(file)).toBe(false)
    expect(existsSync(dirname(file))).toBe(false)
    await expect(fetch(url)).rejects.toThrow()
  })
})

describe('withChildEmulator', () => {
  it('passes no identity when no mode is asked for', async () => {
    const keychain = new MemoryKeychain()
    expect(
      await withChildEmulator(undefined, { env: process.env, keychain: () => keychain }, async (id) => id),
    ).toBe(undefined)
  })

  it('closes the emulator when the child run fails', async () => {
    const keychain = new MemoryKeychain()
    let url = ''
    await expect(
      withChildEmulator(
        { mode: 'imds' },
        { env: process.env, keychain: () => keychain },
        async (identity) => {
          url = identity?.env.AWS_EC2_METADATA_SERVICE_ENDPOINT ?? ''
          expect((await fetch(`${url}latest/api/token`, { method: 'PUT' })).status).toBe(400)
          throw new Error('child could not start')
        },
      ),
    ).rejects.toThrow('child could not start')
    await expect(fetch(`${url}latest/api/token`, { method: 'PUT' })).rejects.toThrow()
  })
})
