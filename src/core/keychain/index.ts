/**
 * keychain: the Keychain port (named secret items) and its stores — the OS keychain, an
 * encrypted file, memory for tests — plus item names and data keys. May import: shared only.
 */
import { join, resolve } from 'node:path'
import { configDir } from '../../shared/config-dir.js'
import { UsageError } from '../../shared/errors.js'
import { FileKeychain } from './file-keychain.js'
import type { Keychain } from './keychain.js'
import type { UnlockCache } from './unlock-agent.js'
import type { AgentServer, AgentServerOptions } from './unlock-agent-server.js'
import { OsKeychain } from './os-keychain.js'
import { SessionCachedKeychain } from './session-cached-keychain.js'
import { KEYCHAIN_PASSPHRASE_VARIABLE } from './unlock-env.js'

export type { Keychain } from './keychain.js'
export { KeychainItem } from './keychain.js'
export { MemoryKeychain } from './memory-keychain.js'
export {
  FileKeychain,
  weakPassphraseReason,
  PASSPHRASE_TRIES,
  type PassphraseSource,
} from './file-keychain.js'
export { OsKeychain } from './os-keychain.js'
export { SessionCachedKeychain, sessionCacheable } from './session-cached-keychain.js'
export { noKeychainHint } from './messages.js'
export { readDataKey, createDataKey } from './data-key.js'
export {
  KEYCHAIN_PASSPHRASE_VARIABLE,
  UNLOCK_VARIABLES,
  isUnlockVariable,
  withoutUnlockVariables,
} from './unlock-env.js'
export {
  unlockAgent,
  lockAgent,
  agentStatus,
  agentSocketPath,
  unlockTtlMs,
  DEFAULT_UNLOCK_TTL_MS,
  type UnlockCache,
  type AgentEntry,
} from './unlock-agent.js'
export type { AgentServer } from './unlock-agent-server.js'

export interface OpenKeychainDeps {
  env: NodeJS.ProcessEnv
  /** A no-echo prompt on the controlling terminal; undefined when there is none. */
  promptSecret?: ((message: string) => Promise<string>) | undefined
  /** The session's unlock agent (production wiring); absent in tests and when turned off. */
  unlock?: UnlockCache | undefined
}

/** Service name under which every item is stored in the OS keychain. */
export const KEYCHAIN_SERVICE = 'secrets-cli'

/**
 * Opens the keychain the environment selects: `SECRETS_KEYCHAIN=file` for the encrypted
 * file, otherwise the OS keychain. Nothing is read until an item is asked for.
 */
export function openKeychain(deps: OpenKeychainDeps): Keychain {
  const choice = deps.env.SECRETS_KEYCHAIN ?? 'os'
  if (choice === 'os') {
    const service = deps.env.SECRETS_KEYCHAIN_SERVICE || KEYCHAIN_SERVICE
    const os = new OsKeychain(service)
    return deps.unlock ? new SessionCachedKeychain(os, `os:${service}`, deps.unlock) : os
  }
  if (choice === 'file') {
    const path = resolve(deps.env.SECRETS_KEYCHAIN_FILE || join(configDir(deps.env), 'keychain.enc'))
    const file = new FileKeychain(path, {
      passphrase: { env: deps.env[KEYCHAIN_PASSPHRASE_VARIABLE], prompt: deps.promptSecret },
      unlock: deps.unlock,
    })
    return deps.unlock ? new SessionCachedKeychain(file, `file:${path}`, deps.unlock, path) : file
  }
  throw new UsageError(`SECRETS_KEYCHAIN=${choice} is not a keychain: use "os" or "file".`)
}

/** Starts the unlock agent's socket server (the agent process only; see unlock-agent-server.ts). */
export async function startAgentServer(options: AgentServerOptions): Promise<AgentServer> {
  return (await import('./unlock-agent-server.js')).startAgentServer(options)
}
