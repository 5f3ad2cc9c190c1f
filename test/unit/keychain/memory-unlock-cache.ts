import type { UnlockCache } from '../../../src/core/keychain/index.js'
import { HeldFileKeys } from '../../../src/core/keychain/held-file-keys.js'

/**
 * An in-memory unlock cache standing in for the agent; `map` shows the cached items, `files`
 * the file keychain keys it holds (with the agent's own item-by-item logic).
 */
export function memoryCache(): UnlockCache & { map: Map<string, string>; files: HeldFileKeys } {
  const map = new Map<string, string>()
  const files = new HeldFileKeys()
  return {
    map,
    files,
    recall: async (key) => map.get(key),
    remember: async (key, value) => void map.set(key, value),
    forget: async (key) => void map.delete(key),
    file: {
      get: (path, item) => files.get(path, item),
      list: (path) => files.list(path),
      change: (path, item, value) => files.change(path, item, value),
      hold: async (path, key) => files.hold(path, key),
      forget: async (path) => files.forget(path),
    },
  }
}
