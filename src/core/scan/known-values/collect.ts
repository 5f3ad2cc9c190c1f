import type { EffectiveSettings } from '../../config/index.js'
import { readEnvFiles } from '../../run/index.js'
import type { ParameterStore, StoreKind } from '../../store/index.js'
import type { KnownValue } from './value-index.js'

export interface KnownValueSources {
  settings: Pick<EffectiveSettings, 'store' | 'paths' | 'envFiles'>
  openStore: (kind: StoreKind) => ParameterStore
}

/**
 * The project's current secret values, read through the store exactly as `secrets run` would
 * inject them: every parameter under the configured paths, and every `ssm:`/`local:`
 * reference of the configured env files (a reference that no longer resolves is skipped).
 * Each value comes with its parameter path, the name reported instead of the value.
 */
export async function collectKnownValues(sources: KnownValueSources): Promise<KnownValue[]> {
  const stores = new Map<StoreKind, ParameterStore>()
  const storeFor = (kind: StoreKind) => {
    let store = stores.get(kind)
    if (!store) stores.set(kind, (store = sources.openStore(kind)))
    return store
  }
  const { settings } = sources
  const [fromPaths, fromFiles] = await Promise.all([
    Promise.all(settings.paths.map((prefix) => storeFor(settings.store).getByPath(prefix))),
    readEnvFiles(settings.envFiles).then((entries) =>
      Promise.all(
        entries.map(async (entry) => {
          if (!entry.reference) return undefined
          const parameter = await storeFor(entry.reference.store).get(entry.reference.path)
          return parameter ? { name: parameter.path, value: parameter.value } : undefined
        }),
      ),
    ),
  ])
  const values: KnownValue[] = fromPaths.flat().map((p) => ({ name: p.path, value: p.value }))
  for (const v of fromFiles) if (v) values.push(v)
  return values
}
