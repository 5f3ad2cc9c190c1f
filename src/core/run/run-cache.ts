import { createHash } from 'node:crypto'
import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../../shared/atomic-file.js'
import { systemErrorCode } from '../../shared/errors.js'
import { KeychainItem, type Keychain } from '../keychain/index.js'
import {
  candidateKeys,
  isSealedBox,
  newDataKeyRecord,
  openSealedBox,
  readDataKeyRecord,
  seal,
  writeDataKeyRecord,
  type DataKeyRecord,
  type Parameter,
} from '../store/index.js'

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
  #record: DataKeyRecord | undefined

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
      const record = await this.#dataKey(false)
      if (!record) return undefined
      const plain = JSON.parse(openWithAny(record, envelope, `${FORMAT}/1/${id}`)) as {
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
    const record = (await this.#dataKey(true)) as DataKeyRecord
    const box = seal(record.key, JSON.stringify(fetch), `${FORMAT}/1/${id}`)
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

  /** When the cache's key was made; `exists: false` when there is none yet. */
  async keyCreated(): Promise<{ exists: boolean; created?: string }> {
    const record = await this.#dataKey(false)
    return record
      ? { exists: true, ...(record.created ? { created: record.created } : {}) }
      : { exists: false }
  }

  /**
   * Replaces the cache's key: the keychain gets the new key with the old beside it, every
   * entry is re-sealed with the new key (each file replaced atomically), then the old key
   * is dropped. An entry a crash left sealed with the old key reads until the old key is
   * dropped; an entry that cannot be read is a cache miss, never trusted.
   */
  async rekey(
    now: Date,
    onStep: (step: CacheRekeyStep) => Promise<void> = async () => {},
  ): Promise<{ entries: number }> {
    this.#record = undefined
    const old = await this.#dataKey(false)
    if (!old) return { entries: 0 }
    const next = newDataKeyRecord(now, old.key)
    await writeDataKeyRecord(this.keychain(), KeychainItem.runCacheKey, next)
    this.#record = next
    await onStep('cache-key-saved')
    let names: string[] = []
    try {
      names = (await readdir(this.dir)).filter((n) => /^[0-9a-f]{32}\.enc$/.test(n))
    } catch (error) {
      if (systemErrorCode(error) !== 'ENOENT') throw error
    }
    let entries = 0
    for (const name of names) {
      const id = name.slice(0, -4)
      let raw: string
      try {
        raw = await readFile(join(this.dir, name), 'utf8')
      } catch {
        continue
      }
      const envelope: unknown = JSON.parse(raw)
      if (!isSealedBox(envelope)) continue
      let plain: string
      try {
        plain = openWithAny([next.key, ...candidateKeys(old)], envelope, `${FORMAT}/1/${id}`)
      } catch {
        // Sealed with neither key: unreadable already; dropping it loses nothing.
        await rm(join(this.dir, name), { force: true })
        continue
      }
      const box = seal(next.key, plain, `${FORMAT}/1/${id}`)
      await writeFileAtomic(
        join(this.dir, name),
        `${JSON.stringify({ format: FORMAT, version: 1, ...box })}\n`,
        {
          durable: false,
        },
      )
      entries++
    }
    await onStep('cache-written')
    const settled: DataKeyRecord = {
      key: next.key,
      generation: 0,
      ...(next.created ? { created: next.created } : {}),
    }
    await writeDataKeyRecord(this.keychain(), KeychainItem.runCacheKey, settled)
    this.#record = settled
    await onStep('cache-key-settled')
    return { entries }
  }

  async #dataKey(create: boolean): Promise<DataKeyRecord | undefined> {
    if (this.#record) return this.#record
    const stored = await readDataKeyRecord(this.keychain(), KeychainItem.runCacheKey)
    if (stored) return (this.#record = stored)
    if (!create) return undefined
    const record = newDataKeyRecord(new Date())
    await writeDataKeyRecord(this.keychain(), KeychainItem.runCacheKey, record)
    return (this.#record = record)
  }
}

/** The steps of the cache's rekey, in order. */
export const CACHE_REKEY_STEPS = ['cache-key-saved', 'cache-written', 'cache-key-settled'] as const
export type CacheRekeyStep = (typeof CACHE_REKEY_STEPS)[number]

/** Opens a box with the record's current key, else the previous one (an unfinished rekey). */
function openWithAny(
  record: DataKeyRecord | Buffer[],
  box: Parameters<typeof openSealedBox>[1],
  aad: string,
): string {
  let failure: unknown
  for (const key of Array.isArray(record) ? record : candidateKeys(record)) {
    try {
      return openSealedBox(key, box, aad)
    } catch (error) {
      failure = error
    }
  }
  throw failure
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
