import type { EffectiveSettings } from '../config/index.js'
import type { ParameterStore, StoreKind } from '../store/index.js'
import { readEnvFiles, resolveEnvFileEntries, storeResolver } from './env-file.js'
import type { LockEntry } from './lockfile.js'
import { lockEntry } from './pins.js'
import { sortEntries } from './lockfile.js'

/**
 * Every parameter the project injects, at the version `secrets run` would read now: each
 * `--path`'s parameters (latest) and every env-file reference (its selector, else latest).
 * Values are read (the stores return them) but only names and versions leave this function.
 */
export async function collectInjected(
  settings: Pick<EffectiveSettings, 'store' | 'paths' | 'envFiles'>,
  storeFor: (kind: StoreKind) => ParameterStore,
): Promise<LockEntry[]> {
  const out: LockEntry[] = []
  const resolve = storeResolver(storeFor)
  await Promise.all([
    readEnvFiles(settings.envFiles).then((entries) =>
      resolveEnvFileEntries(
        entries,
        async (refs) => {
          const found = await resolve(refs)
          found.forEach((p, i) => p && out.push(lockEntry(refs[i]?.store ?? 'local', p)))
          return found
        },
        (ref) => storeFor(ref.store).history(ref.path),
      ),
    ),
    ...settings.paths.map(async (prefix) => {
      for (const p of await storeFor(settings.store).getByPath(prefix)) out.push(lockEntry(settings.store, p))
    }),
  ])
  return sortEntries(out)
}
