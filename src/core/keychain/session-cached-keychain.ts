import type { Keychain } from './keychain.js'
import type { UnlockCache } from './unlock-agent.js'

/**
 * The items a process may take from the session's unlock agent instead of the keychain
 * (issue #12 item 4): cached role credentials (short-lived by nature) and the local store's
 * and offline cache's data keys. Everything else (SSO sessions with refresh tokens, stored
 * access keys, the dev CA key) is always read from the keychain itself.
 */
export function sessionCacheable(item: string): boolean {
  return item.startsWith('role-credentials:') || item === 'local-store-key' || item === 'run-cache-key'
}

/**
 * An OS keychain whose session-cacheable items are read through the unlock agent: a hit costs
 * one socket round trip instead of the keychain (the OS binding's load, a D-Bus call). (The
 * file keychain needs no such cache: the agent holds its key and answers item by item.) a miss reads the keychain and leaves the item with the agent (starting
 * one where none runs). Writes and deletes go to the keychain first, then the agent, so a
 * later reader never gets an older value than the keychain holds from this process's view.
 */
export class SessionCachedKeychain implements Keychain {
  constructor(
    private readonly inner: Keychain,
    /** Which keychain this is (`os:<service>`, `file:<path>`): agent keys never mix keychains. */
    private readonly identity: string,
    private readonly cache: UnlockCache,
    /** A file whose removal makes the cached items pointless (the file keychain). */
    private readonly boundTo?: string,
  ) {}

  get kind(): Keychain['kind'] {
    return this.inner.kind
  }

  #key(item: string): string {
    return `item:${this.identity}:${item}`
  }

  async get(account: string): Promise<string | undefined> {
    if (!sessionCacheable(account)) return this.inner.get(account)
    const cached = await this.cache.recall(this.#key(account))
    if (cached !== undefined) return cached
    const value = await this.inner.get(account)
    if (value !== undefined) await this.cache.remember(this.#key(account), value, this.boundTo)
    return value
  }

  async set(account: string, secret: string): Promise<void> {
    await this.inner.set(account, secret)
    if (sessionCacheable(account)) await this.cache.remember(this.#key(account), secret, this.boundTo)
  }

  async delete(account: string): Promise<boolean> {
    if (sessionCacheable(account)) await this.cache.forget(this.#key(account))
    return this.inner.delete(account)
  }

  list(): Promise<string[]> {
    return this.inner.list()
  }
}
