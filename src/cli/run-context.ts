import { join } from 'node:path'
import { RunCache } from '../core/run/index.js'
import { cacheDir } from '../shared/config-dir.js'
import type { AppContext } from './context.js'

/** The offline cache of `secrets run`, under the user's cache dir. */
export function runCache(ctx: AppContext): RunCache {
  return new RunCache(join(cacheDir(ctx.env), 'run'), ctx.keychain)
}

/** Who reads the store, as far as the cache must tell identities apart (no secret in it). */
export function cacheIdentity(
  env: NodeJS.ProcessEnv,
  settings: { profile?: string | undefined; region?: string | undefined },
): string {
  return JSON.stringify([
    settings.profile ?? env.AWS_PROFILE ?? '',
    settings.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '',
    env.AWS_ENDPOINT_URL_SSM ?? env.AWS_ENDPOINT_URL ?? '',
    env.AWS_ACCESS_KEY_ID ?? '',
  ])
}
