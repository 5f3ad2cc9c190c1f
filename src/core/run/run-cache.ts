import { createHash } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../../shared/atomic-file.js'
import { systemErrorCode } from '../../shared/errors.js'
import { KeychainItem, createDataKey, readDataKey, type Keychain } from '../keychain/index.js'
import { isSealedBox, openSealedBox, seal, type Parameter } from '../store/index.js'

const FORMAT = 'secrets-run-cache'

/** What a cache entry is for: one store path, read as one identity. */
export interface CacheScope {
  store: string
  prefix: string
  /** Who read it (profile, region, endpoint, key id): another identity never sees this entry. */
  identity: string
}

export interface CachedFetch {
  fetchedAt: Date
  parameters: Parameter[]
}

/**
 * The last successful fetch per store + path + identity, encrypted (AES-256-GCM) with a
 * random key kept in the keychain, so the app can still start when the store is down.
 */
export class RunCache {
  #key: Buffer | undefined

  constructor(
    private readonly dir: string,
    private readonly keychain: () => Keychain,
  ) {}

  async read(scope: CacheScope): Promise<CachedFetch | undefined> {
    const id = scopeId(scope)
    let raw: string
    try {
      raw = await readFile(this.#file(id), 'utf8')
    } catch (error) {
      if (systemErrorCode(error) === 'ENOENT') return undefined
      throw error
    }
    try {
      const envelope: unknown = JSON.parse(raw)
      if (!isSealedBox(envelope)) return undefined
      const key = await this.#dataKey(false)
      if (!key) return undefined
      const plain = JSON.parse(openSealedBox(key, envelope, `${FORMAT}/1/${id}`)) as {
        fetchedAt: string
        parameters: (Omit<Parameter, 'lastModified'> & { lastModified: string })[]
      }
      return {
        fetchedAt: new Date(plain.fetchedAt),
        parameters: plain.parameters.map((p) => ({ ...p, lastModified: new Date(p.lastModified) })),
      }
    } catch {
      // An unreadable cache entry is as good as none; it is never trusted.
      return undefined
    }
  }

  async write(scope: CacheScope, fetch: CachedFetch): Promise<void> {
    const id = scopeId(scope)
    const key = (await this.#dataKey(true)) as Buffer
    const box = seal(key, JSON.stringify(fetch), `${FORMAT}/1/${id}`)
    await writeFileAtomic(this.#file(id), `${JSON.stringify({ format: FORMAT, version: 1, ...box })}\n`, {
      durable: false,
    })
  }

  async delete(scope: CacheScope): Promise<void> {
    await rm(this.#file(scopeId(scope)), { force: true })
  }

  #file(id: string): string {
    return join(this.dir, `${id}.enc`)
  }

  async #dataKey(create: boolean): Promise<Buffer | undefined> {
    if (this.#key) return this.#key
    const stored = await readDataKey(this.keychain(), KeychainItem.runCacheKey)
    if (stored) return (this.#key = stored)
    if (!create) return undefined
    return (this.#key = await createDataKey(this.keychain(), KeychainItem.runCacheKey))
  }
}

/** The file name of a scope: a hash, so paths and identities are not readable on disk. */
export function scopeId(scope: CacheScope): string {
  return createHash('sha256')
    .update(JSON.stringify([scope.store, scope.prefix, scope.identity]))
    .digest('hex')
    .slice(0, 32)
}

export type FailureKind = 'unreachable' | 'throttled' | 'denied' | 'other'
export type FallbackDecision =
  | { action: 'use-cache'; ageMs: number }
  | { action: 'fail'; reason: 'no-cache' | 'too-stale' | 'not-recoverable' }
  | { action: 'fail-and-forget' }

/**
 * What to do when the store read failed: an outage (unreachable, throttled after retries)
 * falls back to a cached copy no older than `maxStaleMs`; an access-denied answer forgets
 * the cached copy so revocation takes effect; anything else fails.
 */
export function decideFallback(
  failure: FailureKind,
  cached: { fetchedAt: Date } | undefined,
  now: Date,
  maxStaleMs: number,
): FallbackDecision {
  if (failure === 'denied') return { action: 'fail-and-forget' }
  if (failure !== 'unreachable' && failure !== 'throttled')
    return { action: 'fail', reason: 'not-recoverable' }
  if (!cached) return { action: 'fail', reason: 'no-cache' }
  const ageMs = now.getTime() - cached.fetchedAt.getTime()
  if (ageMs > maxStaleMs) return { action: 'fail', reason: 'too-stale' }
  return { action: 'use-cache', ageMs }
}
