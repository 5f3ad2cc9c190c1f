import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startEmulator, type Emulator } from '../../../src/core/imds/index.js'
import { MemoryKeychain } from '../../../src/core/keychain/index.js'
import { tempHome, type TempHome } from '../../helpers/cli.js'
import { motoEnv } from '../../helpers/moto.js'
import { rawRequest } from './http-client.js'

// Every security case of the issue, over real HTTP against the running servers.

let home: TempHome
let emulator: Emulator
let imds: string
let ecs: string
let imdsHost: string
let ecsHost: string

const TTL = 'X-aws-ec2-metadata-token-ttl-seconds'
const CREDS = '/latest/meta-data/iam/security-credentials/'

async function token(ttl = '60'): Promise<string> {
  const res = await rawRequest(`${imds}latest/api/token`, { method: 'PUT', headers: { [TTL]: ttl } })
  expect(res.status).toBe(200)
  return res.body
}

function expectErrorShape(body: string) {
  const parsed = JSON.parse(body) as Record<string, string>
  expect(parsed.code).toBeTruthy()
  expect(parsed.Code).toBe(parsed.code)
  expect(parsed.Message).toBe(parsed.message)
  expect(body).not.toMatch(/SecretAccessKey|AccessKeyId/)
}

const longTermSecret = 'profile-long-term-secret-0000000000000000'

beforeAll(async () => {
  home = tempHome()
  // Written before any SDK call: the SDK caches the shared config files per process.
  const file = home.env.AWS_SHARED_CREDENTIALS_FILE ?? ''
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(
    file,
    `[imds-static]\naws_access_key_id = AKIAPROFILEKEY000001\naws_secret_access_key = ${longTermSecret}\n`,
  )
  Object.assign(process.env, home.env, motoEnv(inject('motoUrl')))
  const keychain = new MemoryKeychain()
  emulator = await startEmulator({ imdsPort: 0, ecsPort: 0 }, { env: process.env, keychain: () => keychain })
  imds = emulator.imds?.url ?? ''
  ecs = emulator.ecs?.url ?? ''
  imdsHost = new URL(imds).host
  ecsHost = new URL(ecs).host
}, 60_000)
afterAll(async () => {
  await emulator?.close()
  home?.remove()
})

describe('IMDSv2 token endpoint', () => {
  it.each([
    ['missing TTL', {}, 400],
    ['TTL 0', { [TTL]: '0' }, 400],
    ['TTL 21601', { [TTL]: '21601' }, 400],
    ['TTL not a number', { [TTL]: 'abc' }, 400],
    ['X-Forwarded-For', { [TTL]: '60', 'X-Forwarded-For': '203.0.113.9' }, 403],
  ])('%s → %d', async (_name, headers, status) => {
    const res = await rawRequest(`${imds}latest/api/token`, { method: 'PUT', headers })
    expect(res.status).toBe(status)
    expectErrorShape(res.body)
  })

  it('echoes the TTL header', async () => {
    const res = await rawRequest(`${imds}latest/api/token`, { method: 'PUT', headers: { [TTL]: '21600' } })
    expect(res.status).toBe(200)
    expect(res.headers['x-aws-ec2-metadata-token-ttl-seconds']).toBe('21600')
  })
})

describe('IMDSv2 metadata requires a valid token', () => {
  it('no token → 401', async () => {
    const res = await rawRequest(`${imds}${CREDS.slice(1)}`)
    expect(res.status).toBe(401)
    expectErrorShape(res.body)
  })

  it('forged token → 401', async () => {
    const real = await token()
    const [payload] = real.split('.')
    const forged = `${payload}.${'A'.repeat(43)}`
    const res = await rawRequest(`${imds}${CREDS.slice(1)}`, {
      headers: { 'X-aws-ec2-metadata-token': forged },
    })
    expect(res.status).toBe(401)
    expectErrorShape(res.body)
  })

  it('expired token → 401 (valid before it expires)', async () => {
    const short = await token('1')
    const headers = { 'X-aws-ec2-metadata-token': short }
    expect((await rawRequest(`${imds}${CREDS.slice(1)}`, { headers })).status).toBe(200)
    await new Promise((r) => setTimeout(r, 1_200))
    const res = await rawRequest(`${imds}${CREDS.slice(1)}`, { headers })
    expect(res.status).toBe(401)
    expectErrorShape(res.body)
  })

  it('valid token → role name, then credentials JSON with EC2 timestamps', async () => {
    const headers = { 'X-aws-ec2-metadata-token': await token() }
    const role = (await rawRequest(`${imds}${CREDS.slice(1)}`, { headers })).body
    const res = await rawRequest(`${imds}${CREDS.slice(1)}${role}`, { headers })
    expect(res.status).toBe(200)
    const creds = JSON.parse(res.body) as Record<string, string>
    expect(creds).toMatchObject({ Code: 'Success', Type: 'AWS-HMAC' })
    expect(creds.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(creds.LastUpdated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    // Never the parent's long-term key.
    expect(creds.AccessKeyId).not.toBe(motoEnv('').AWS_ACCESS_KEY_ID)
    expect(creds.Token).toBeTruthy()
  })

  it('the identity document carries the real account id and region', async () => {
    const headers = { 'X-aws-ec2-metadata-token': await token() }
    const res = await rawRequest(`${imds}latest/dynamic/instance-identity/document`, { headers })
    expect(JSON.parse(res.body)).toMatchObject({ accountId: '123456789012', region: 'us-east-1' })
  })
})

describe('DNS rebinding: the Host header must name the server', () => {
  it.each([
    ['IMDS token', () => imds, 'latest/api/token', 'PUT', { [TTL]: '60' }],
    ['IMDS metadata', () => imds, 'latest/meta-data/', 'GET', {}],
    ['ECS credentials', () => ecs, '', 'GET', {}],
  ])('%s with a foreign Host → 403', async (_name, base, path, method, headers) => {
    const res = await rawRequest(`${base()}${path}`, {
      method,
      headers: { ...headers, Host: 'attacker.example' },
    })
    expect(res.status).toBe(403)
    expectErrorShape(res.body)
  })

  it('the right Host (and localhost:port) is accepted', async () => {
    for (const host of [imdsHost, `localhost:${new URL(imds).port}`]) {
      const res = await rawRequest(`${imds}latest/api/token`, {
        method: 'PUT',
        headers: { [TTL]: '60', Host: host },
      })
      expect(res.status).toBe(200)
    }
  })

  it('a Host with the wrong port is refused', async () => {
    const res = await rawRequest(`${ecs}`, { headers: { Host: '127.0.0.1:1', Authorization: 'x' } })
    expect(res.status).toBe(403)
  })
})

describe('ECS credentials', () => {
  it.each([
    ['missing Authorization', {}],
    ['wrong token', { Authorization: 'not-the-token' }],
    ['token with a Bearer prefix', { Authorization: `Bearer ${'x'.repeat(43)}` }],
  ])('%s → 401', async (_name, headers) => {
    const res = await rawRequest(ecs, { headers })
    expect(res.status).toBe(401)
    expectErrorShape(res.body)
  })

  it('the right token → credentials with RoleArn and AccountId', async () => {
    const res = await rawRequest(ecs, {
      headers: { Authorization: emulator.ecs?.token ?? '', Host: ecsHost },
    })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toMatchObject({
      AccountId: '123456789012',
      RoleArn: expect.stringMatching(/^arn:aws:/),
      Expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    })
  })
})

describe('binding', () => {
  it('listens on loopback only by default', () => {
    expect(emulator.imds?.host).toBe('127.0.0.1')
    expect(emulator.ecs?.host).toBe('127.0.0.1')
  })

  it('a port in use is a local-environment error (exit 5)', async () => {
    const keychain = new MemoryKeychain()
    const port = Number(new URL(imds).port)
    await expect(
      startEmulator({ imdsPort: port }, { env: process.env, keychain: () => keychain }),
    ).rejects.toMatchObject({ code: 'PortInUse', exitCode: 5 })
  })

  it('--bind to another loopback address checks Host against that address', async () => {
    const keychain = new MemoryKeychain()
    const other = await startEmulator(
      { imdsPort: 0, bind: '127.0.0.2' },
      { env: process.env, keychain: () => keychain },
    )
    try {
      const url = other.imds?.url ?? ''
      expect(url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/$/)
      const ok = await rawRequest(`${url}latest/api/token`, { method: 'PUT', headers: { [TTL]: '5' } })
      expect(ok.status).toBe(200)
      const wrongHost = await rawRequest(`${url}latest/api/token`, {
        method: 'PUT',
        headers: { [TTL]: '5', Host: `127.0.0.1:${new URL(url).port}` },
      })
      expect(wrongHost.status).toBe(403)
    } finally {
      await other.close()
    }
  })
})

describe('--imds-v1', () => {
  it('answers requests without a token, but still refuses forged ones', async () => {
    const keychain = new MemoryKeychain()
    const v1 = await startEmulator(
      { imdsPort: 0, imdsV1: true },
      { env: process.env, keychain: () => keychain },
    )
    try {
      const url = v1.imds?.url ?? ''
      const open = await rawRequest(`${url}latest/meta-data/iam/security-credentials/`)
      expect(open.status).toBe(200)
      const forged = await rawRequest(`${url}latest/meta-data/iam/security-credentials/`, {
        headers: { 'X-aws-ec2-metadata-token': await token() }, // issued by another emulator's key
      })
      expect(forged.status).toBe(401)
    } finally {
      await v1.close()
    }
  })
})

describe('source identity', () => {
  it('--profile with long-term keys in ~/.aws/credentials serves minted temporary credentials', async () => {
    const keychain = new MemoryKeychain()
    const fromProfile = await startEmulator(
      { ecsPort: 0, profile: 'imds-static' },
      { env: process.env, keychain: () => keychain },
    )
    try {
      const res = await rawRequest(fromProfile.ecs?.url ?? '', {
        headers: { Authorization: fromProfile.ecs?.token ?? '' },
      })
      expect(res.status).toBe(200)
      const creds = JSON.parse(res.body) as Record<string, string>
      expect(creds.AccessKeyId).not.toBe('AKIAPROFILEKEY000001')
      expect(res.body).not.toContain(longTermSecret)
      expect(creds.Token).toBeTruthy()
    } finally {
      await fromProfile.close()
    }
  })
})
