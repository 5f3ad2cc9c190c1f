import { describe, expect, it } from 'vitest'
import {
  KeychainItem,
  MemoryKeychain,
  SessionCachedKeychain,
  sessionCacheable,
} from '../../../src/core/keychain/index.js'
import { memoryCache } from './memory-unlock-cache.js'

describe('sessionCacheable', () => {
  it.each([
    [KeychainItem.roleCredentials('dev'), true],
    [KeychainItem.localStoreKey, true],
    [KeychainItem.runCacheKey, true],
    [KeychainItem.ssoSession('corp'), false],
    [KeychainItem.accessKey('dev'), false],
    [KeychainItem.stsSession('dev'), false],
    [KeychainItem.imdsCa, false],
  ])('%s → %s', (item, cacheable) => {
    expect(sessionCacheable(item)).toBe(cacheable)
  })
})

describe('SessionCachedKeychain', () => {
  it('reads a cacheable item once from the keychain, then from the agent', async () => {
    const inner = new MemoryKeychain()
    await inner.set('local-store-key', 'k1')
    const cache = memoryCache()
    const k = new SessionCachedKeychain(inner, 'os:svc', cache)
    expect(await k.get('local-store-key')).toBe('k1')
    expect(cache.map.get('item:os:svc:local-store-key')).toBe('k1')
    await inner.delete('local-store-key')
    expect(await k.get('local-store-key')).toBe('k1')
  })

  it('never caches the SSO session (refresh token) or stored access keys', async () => {
    const inner = new MemoryKeychain()
    const cache = memoryCache()
    const k = new SessionCachedKeychain(inner, 'os:svc', cache)
    await k.set(KeychainItem.ssoSession('corp'), 'session')
    await k.set(KeychainItem.accessKey('dev'), 'key')
    expect(await k.get(KeychainItem.ssoSession('corp'))).toBe('session')
    expect(cache.map.size).toBe(0)
  })

  it('writes and deletes reach the agent too, and keychains never share entries', async () => {
    const cache = memoryCache()
    const a = new SessionCachedKeychain(new MemoryKeychain(), 'os:a', cache)
    const b = new SessionCachedKeychain(new MemoryKeychain(), 'os:b', cache)
    await a.set(KeychainItem.roleCredentials('dev'), 'v1')
    await a.set(KeychainItem.roleCredentials('dev'), 'v2')
    expect(await a.get(KeychainItem.roleCredentials('dev'))).toBe('v2')
    expect(await b.get(KeychainItem.roleCredentials('dev'))).toBeUndefined()
    expect(await a.delete(KeychainItem.roleCredentials('dev'))).toBe(true)
    expect(await a.get(KeychainItem.roleCredentials('dev'))).toBeUndefined()
    expect(cache.map.size).toBe(0)
  })
})
