import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  accessKeySessionCredentials,
  isSessionUsable,
  type CachedStsSession,
  type SessionTokenPort,
} from '../../../src/core/identity/access-key-session.js'
import { KeychainItem, MemoryKeychain, type Keychain } from '../../../src/core/keychain/index.js'
import { serializeAccessKey } from '../../../src/core/identity/index.js'
import { LocalEnvError } from '../../../src/shared/errors.js'

const KEY = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}
const env = { AWS_CONFIG_FILE: '/nonexistent/config', AWS_REGION: 'eu-west-1' }

const session = (over: Partial<CachedStsSession> = {}): CachedStsSession => ({
  sourceKeyId: KEY.accessKeyId,
  accessKeyId: 'ASIASESSION000000001',
  secretAccessKey: 'session-secret',
  sessionToken: 'token',
  expiration: '2026-01-01T01:00:00.000Z',
  ...over,
})

describe('isSessionUsable', () => {
  it.each([
    ['60 min left', '2026-01-01T00:00:00Z', KEY.accessKeyId, true],
    ['16 min left', '2026-01-01T00:44:00Z', KEY.accessKeyId, true],
    ['exactly 15 min left', '2026-01-01T00:45:00Z', KEY.accessKeyId, false],
    ['expired', '2026-01-01T02:00:00Z', KEY.accessKeyId, false],
    ['derived from another (rotated) key', '2026-01-01T00:00:00Z', 'AKIAOTHERKEY00000000', false],
  ])('%s', (_n, now, source, expected) => {
    expect(isSessionUsable(session(), source, new Date(now))).toBe(expected)
  })
  it('rejects an unparseable expiry', () => {
    expect(isSessionUsable(session({ expiration: 'soon' }), KEY.accessKeyId, new Date())).toBe(false)
  })
})

function harness(now: { t: Date }) {
  const keychain = new MemoryKeychain()
  const calls: { region: string; keyId: string; duration: number }[] = []
  let n = 0
  const port: SessionTokenPort = async ({ key, region, durationSeconds }) => {
    calls.push({ region, keyId: key.accessKeyId, duration: durationSeconds })
    n++
    return {
      accessKeyId: `ASIASESSION00000000${n}`,
      secretAccessKey: `session-secret-${n}`,
      sessionToken: `token-${n}`,
      expiration: new Date(now.t.getTime() + 3600_000).toISOString(),
    }
  }
  const deps = { env, keychain: () => keychain, now: () => now.t }
  return { keychain, calls, port, deps }
}

describe('accessKeySessionCredentials', () => {
  it('is undefined when no key is stored', async () => {
    const h = harness({ t: new Date() })
    expect(await accessKeySessionCredentials('dev', h.deps, h.port)).toBeUndefined()
  })

  it('derives a session, caches it in the keychain, and refreshes 15 min before expiry', async () => {
    const now = { t: new Date('2026-01-01T00:00:00Z') }
    const h = harness(now)
    await h.keychain.set(
      KeychainItem.accessKey('dev'),
      serializeAccessKey({ ...KEY, created: now.t.toISOString() }),
    )
    const provider = await accessKeySessionCredentials('dev', h.deps, h.port)
    const first = await provider!()
    expect(first).toMatchObject({ accessKeyId: 'ASIASESSION000000001', sessionToken: 'token-1' })
    expect(first.accessKeyId).not.toBe(KEY.accessKeyId)
    expect(h.calls).toEqual([{ region: 'eu-west-1', keyId: KEY.accessKeyId, duration: 3600 }])
    const cached = JSON.parse((await h.keychain.get(KeychainItem.stsSession('dev')))!)
    expect(cached).toMatchObject({ sourceKeyId: KEY.accessKeyId, accessKeyId: 'ASIASESSION000000001' })

    // A second process (new provider) reuses the keychain cache.
    now.t = new Date('2026-01-01T00:40:00Z')
    const again = await (await accessKeySessionCredentials('dev', h.deps, h.port))!()
    expect(again.accessKeyId).toBe('ASIASESSION000000001')
    expect(h.calls).toHaveLength(1)

    // Inside the 15-minute margin: a fresh session.
    now.t = new Date('2026-01-01T00:46:00Z')
    expect((await provider!()).accessKeyId).toBe('ASIASESSION000000002')
    expect(h.calls).toHaveLength(2)
  })

  it('ignores a cached session derived from a different key and a damaged cache item', async () => {
    const now = { t: new Date('2026-01-01T00:00:00Z') }
    const h = harness(now)
    await h.keychain.set(
      KeychainItem.accessKey('dev'),
      serializeAccessKey({ ...KEY, created: now.t.toISOString() }),
    )
    await h.keychain.set(
      KeychainItem.stsSession('dev'),
      JSON.stringify(session({ sourceKeyId: 'AKIAOLDKEY0000000000' })),
    )
    expect((await (await accessKeySessionCredentials('dev', h.deps, h.port))!()).accessKeyId).toBe(
      'ASIASESSION000000001',
    )
    await h.keychain.set(KeychainItem.stsSession('dev'), '{not json')
    expect((await (await accessKeySessionCredentials('dev', h.deps, h.port))!()).accessKeyId).toBe(
      'ASIASESSION000000002',
    )
  })
})

describe('accessKeySessionCredentials without a usable keychain', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-aks-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(
    join(dir, 'config'),
    '[profile ci]\ncredential_process = /bin/creds\n[profile sso]\nsso_session = corp\n',
  )
  writeFileSync(join(dir, 'credentials'), '[static]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n')
  const env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') }
  const broken = (code: string): Keychain => {
    const fail = async () => Promise.reject(new LocalEnvError('no keychain here', { code }))
    return { kind: 'os', get: fail, set: fail, delete: fail, list: fail }
  }

  it.each([
    ['a credential_process profile', 'ci', 'KeychainUnavailable', 'undefined'],
    ['a static-key profile in the credentials file', 'static', 'KeychainNoPassphrase', 'undefined'],
    ['an SSO profile (never looked up)', 'sso', 'KeychainUnavailable', 'undefined'],
    ['a profile the AWS files do not serve', 'other', 'KeychainUnavailable', 'throws'],
    ['a locked file keychain (wrong passphrase)', 'ci', 'KeychainLocked', 'throws'],
  ])('%s → %s', async (_n, profile, code, expected) => {
    const result = accessKeySessionCredentials(profile, { env, keychain: () => broken(code) })
    if (expected === 'throws') await expect(result).rejects.toThrow('no keychain here')
    else expect(await result).toBeUndefined()
  })
})
