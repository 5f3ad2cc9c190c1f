/**
 * keychain: the Keychain port (named secret items) and its stores — the OS keychain, an
 * encrypted file, memory for tests — plus item names and data keys. May import: shared only.
 */
import { join } from 'node:path'
import { configDir } from '../../shared/config-dir.js'
import { LocalEnvError, UsageError } from '../../shared/errors.js'
import { FileKeychain } from './file-keychain.js'
import type { Keychain } from './keychain.js'
import { noKeychainHint } from './messages.js'
import { OsKeychain } from './os-keychain.js'
import { KEYCHAIN_PASSPHRASE_VARIABLE } from './unlock-env.js'

export type { Keychain } from './keychain.js'
export { KeychainItem } from './keychain.js'
export { MemoryKeychain } from './memory-keychain.js'
export { FileKeychain } from './file-keychain.js'
export { OsKeychain } from './os-keychain.js'
export { noKeychainHint } from './messages.js'
export { readDataKey, createDataKey } from './data-key.js'
export {
  KEYCHAIN_PASSPHRASE_VARIABLE,
  UNLOCK_VARIABLES,
  isUnlockVariable,
  withoutUnlockVariables,
} from './unlock-env.js'

export interface OpenKeychainDeps {
  env: NodeJS.ProcessEnv
  /** A no-echo prompt on the terminal; undefined when there is no TTY. */
  promptSecret?: (message: string) => Promise<string>
}

/** Service name under which every item is stored in the OS keychain. */
export const KEYCHAIN_SERVICE = 'secrets-cli'

/**
 * Opens the keychain the environment selects: `SECRETS_KEYCHAIN=file` for the encrypted
 * file, otherwise the OS keychain. Nothing is read until an item is asked for.
 */
export function openKeychain(deps: OpenKeychainDeps): Keychain {
  const choice = deps.env.SECRETS_KEYCHAIN ?? 'os'
  if (choice === 'os') return new OsKeychain(deps.env.SECRETS_KEYCHAIN_SERVICE || KEYCHAIN_SERVICE)
  if (choice === 'file') {
    const path = deps.env.SECRETS_KEYCHAIN_FILE || join(configDir(deps.env), 'keychain.enc')
    return new FileKeychain(path, { passphrase: () => filePassphrase(deps) })
  }
  throw new UsageError(`SECRETS_KEYCHAIN=${choice} is not a keychain: use "os" or "file".`)
}

async function filePassphrase(deps: OpenKeychainDeps): Promise<string> {
  const fromEnv = deps.env[KEYCHAIN_PASSPHRASE_VARIABLE]
  if (fromEnv) return fromEnv
  if (deps.promptSecret) {
    const entered = await deps.promptSecret('Passphrase for the secrets file keychain')
    if (entered) return entered
  }
  throw new LocalEnvError('The file keychain needs a passphrase and there is no terminal to ask for one.', {
    hint: `Set SECRETS_KEYCHAIN_PASSPHRASE. ${noKeychainHint}`,
    code: 'KeychainNoPassphrase',
  })
}
