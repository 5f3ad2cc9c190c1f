import { join } from 'node:path'
import { RunCache } from '../core/run/index.js'
import { LocalStore, localStoreFile } from '../core/store/index.js'
import { cacheDir } from '../shared/config-dir.js'
import type { AppContext } from './context.js'

/** The two files with data keys of their own: the local store and the offline run cache. */
export function localDataFiles(ctx: AppContext): { file: string; store: LocalStore; cache: RunCache } {
  const file = localStoreFile(ctx.env)
  return {
    file,
    store: new LocalStore({ keychain: ctx.keychain(), file }),
    cache: new RunCache(join(cacheDir(ctx.env), 'run'), ctx.keychain),
  }
}

/** The data keys that exist, with when each was made (for `rotate --check`). */
export async function dataKeyAges(ctx: AppContext): Promise<{ name: string; created?: string }[]> {
  const { store, cache } = localDataFiles(ctx)
  const keys = [
    { name: 'local-store-key', ...(await store.keyCreated()) },
    { name: 'run-cache-key', ...(await cache.keyCreated()) },
  ]
  return keys.filter((k) => k.exists).map(({ name, created }) => ({ name, ...(created ? { created } : {}) }))
}
