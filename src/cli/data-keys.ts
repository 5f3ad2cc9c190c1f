import { join } from 'node:path'
import { RunCache } from '../core/run/index.js'
import { LocalStore, localStoreFile } from '../core/store/index.js'
import { fileKeychainKeyCreated, rekeySelectedFileKeychain } from '../core/keychain/index.js'
import { cacheDir } from '../shared/config-dir.js'
import { UsageError } from '../shared/errors.js'
import { humanOutput } from './present.js'
import { passphrasePrompt } from './tty-prompt.js'
import { sessionUnlock } from './unlock-session.js'
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

/**
 * The data keys that exist, with when each was made (for `rotate --check`): the local store's,
 * the run cache's, and the file keychain's own (scrypt-derived) key.
 */
export async function dataKeyAges(ctx: AppContext): Promise<{ name: string; created?: string }[]> {
  const { store, cache } = localDataFiles(ctx)
  const keys = [
    { name: 'local-store-key', ...(await store.keyCreated()) },
    { name: 'run-cache-key', ...(await cache.keyCreated()) },
    { name: 'file-keychain-key', ...(await fileKeychainKeyCreated(ctx.env)) },
  ]
  return keys.filter((k) => k.exists).map(({ name, created }) => ({ name, ...(created ? { created } : {}) }))
}

/**
 * The file keychain half of `secrets rekey`: a fresh salt and key, and with `--passphrase` a
 * new passphrase asked twice on the terminal, before anything is changed. The session's agent
 * forgets the old key. Resolves to the step to run last.
 */
export async function prepareKeychainRekey(
  ctx: AppContext,
  changePassphrase: boolean,
): Promise<() => Promise<void>> {
  const warn = (message: string) => humanOutput().warn(message)
  const prompt = passphrasePrompt()
  let newPassphrase: string | undefined
  if (changePassphrase && (ctx.env.SECRETS_KEYCHAIN ?? 'os') === 'file') {
    if (!prompt)
      throw new UsageError('--passphrase asks for the new passphrase on a terminal, and there is none.', {
        hint: 'Run secrets rekey --passphrase in a terminal.',
      })
    newPassphrase = await prompt('New keychain passphrase')
    if ((await prompt('The new passphrase again')) !== newPassphrase)
      throw new UsageError('The two new passphrases differ; nothing was changed.', {
        hint: 'Run secrets rekey --passphrase again.',
      })
  }
  return async () => {
    await rekeySelectedFileKeychain(
      { env: ctx.env, promptSecret: prompt, unlock: sessionUnlock(ctx.env, warn), warn },
      newPassphrase,
    )
  }
}
