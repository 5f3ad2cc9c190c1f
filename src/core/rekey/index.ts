/**
 * rekey: `secrets rekey` replaces the data keys of this machine's encrypted files, the local
 * store's and the offline run cache's, each in steps that a crash at any point leaves
 * readable in the old or the new state. The file keychain's own key (its salt and
 * passphrase) belongs to the keychain area and is called from here at merge time.
 * May import: shared, and the store, run and keychain areas through their index.
 */
import type { Keychain } from '../keychain/index.js'
import { CACHE_REKEY_STEPS, type RunCache, type CacheRekeyStep } from '../run/index.js'
import { STORE_REKEY_STEPS, type LocalStore, type StoreRekeyStep } from '../store/index.js'

/** Every step of a rekey, in order: the crash test kills the process after each. */
export const REKEY_STEPS = [...STORE_REKEY_STEPS, ...CACHE_REKEY_STEPS] as const
export type RekeyStep = StoreRekeyStep | CacheRekeyStep

export interface RekeyDeps {
  store: LocalStore
  cache: RunCache
  keychain: () => Keychain
  now: () => Date
  /** Called after each step (tests pause or kill the process there). */
  onStep?: (step: RekeyStep) => Promise<void>
  /**
   * Replaces the file keychain's own key (fresh salt, a new passphrase when asked, the agent
   * forgets the old key): the keychain area's `rekeyFileKeychain`, wired in the command.
   * Called last, with the file keychain only, so the new data keys are inside what it re-wraps.
   */
  fileKeychain?: () => Promise<void>
}

export interface RekeyResult {
  /** False when there is no local store yet (nothing to re-encrypt). */
  store: boolean
  /** Offline-cache entries re-encrypted. */
  cacheEntries: number
  /** The keychain the keys live in; with `file`, whether its own key was replaced too. */
  keychain: Keychain['kind']
  fileKeychainRekeyed: boolean
}

/**
 * Re-keys the local store, then the run cache. Each holds its old key beside the new one in
 * its keychain item until its files are re-encrypted, so a crash between steps leaves files
 * that one of the two keys opens; once done the old keys are gone from the keychain and
 * no longer open the new files.
 */
export async function rekeyLocalData(deps: RekeyDeps): Promise<RekeyResult> {
  const step = deps.onStep ?? (async () => {})
  const { rekeyed } = await deps.store.rekey(step)
  const { entries } = await deps.cache.rekey(deps.now(), step)
  const keychain = deps.keychain().kind
  const fileKeychainRekeyed = keychain === 'file' && deps.fileKeychain !== undefined
  if (fileKeychainRekeyed) await deps.fileKeychain?.()
  return { store: rekeyed, cacheEntries: entries, keychain, fileKeychainRekeyed }
}
