import type { UnlockCache } from '../../../src/core/keychain/index.js'

/** An in-memory unlock cache standing in for the agent; `map` shows what it holds. */
export function memoryCache(): UnlockCache & { map: Map<string, string> } {
  const map = new Map<string, string>()
  return {
    map,
    recall: async (key) => map.get(key),
    remember: async (key, value) => void map.set(key, value),
    forget: async (key) => void map.delete(key),
  }
}
