/**
 * keychain: the Keychain port (named secret items) and its stores — the OS keychain, an
 * encrypted file, memory for tests — plus item names and data keys. May import: shared only.
 */
import { dirname, join, resolve } from 'node:path'
import { configDir } from '../../shared/config-dir.js'
import { UsageError } from '../../shared/errors.js'
import { requirePrivateDir } from '../../shared/private-dir.js'
import { registerRun } from './agent-peer.js'
import { FileKeychain, type PassphraseSource, type RekeyResult, type RekeyStep } from './file-keychain.js'
import { keychainKeyCreated, type KdfCost } from './file-keychain-format.js'
import type { Keychain } from './keychain.js'
import { resolveAgentDir, type UnlockCache } from './unlock-agent.js'
import type { AgentServer, AgentServerOptions } from './unlock-agent-server.js'
import { OsKeychain } from './os-keychain.js'
import { SessionCachedKeychain } from './session-cached-keychain.js'
import { KEYCHAIN_PASSPHRASE_FILE_VARIABLE, KEYCHAIN_PASSPHRASE_VARIABLE } from './unlock-env.js'

export type { Keychain } from './keychain.js'
export { KeychainItem } from './keychain.js'
export { MemoryKeychain } from './memory-keychain.js'
export {
  FileKeychain,
  weakPassphraseReason,
  PASSPHRASE_TRIES,
  type PassphraseSource,
  type RekeyResult,
  type RekeyStep,
} from './file-keychain.js'
export { PRODUCTION_KDF, type KdfCost } from './file-keychain-format.js'
export { OsKeychain } from './os-keychain.js'
export { SessionCachedKeychain, sessionCacheable } from './session-cached-keychain.js'
export { noKeychainHint } from './messages.js'
export { readDataKey, createDataKey } from './data-key.js'
export {
  KEYCHAIN_PASSPHRASE_VARIABLE,
  KEYCHAIN_PASSPHRASE_FILE_VARIABLE,
  UNLOCK_VARIABLES,
  isUnlockVariable,
  withoutUnlockVariables,
} from './unlock-env.js'
export {
  unlockAgent,
  lockAgent,
  agentStatus,
  agentSocketPath,
  resolveAgentDir,
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
  /** Warnings for the human (a weak passphrase from the environment, a readable directory). */
  warn?: ((message: string) => void) | undefined
}

/**
 * The passphrase the environment gives: SECRETS_KEYCHAIN_PASSPHRASE_FILE (read once) or
 * SECRETS_KEYCHAIN_PASSPHRASE; both at once is a usage error (which one was meant?).
 */
function passphraseSource(deps: OpenKeychainDeps): PassphraseSource {
  const file = deps.env[KEYCHAIN_PASSPHRASE_FILE_VARIABLE]
  const env = deps.env[KEYCHAIN_PASSPHRASE_VARIABLE]
  if (file && env !== undefined)
    throw new UsageError(
      `Both ${KEYCHAIN_PASSPHRASE_VARIABLE} and ${KEYCHAIN_PASSPHRASE_FILE_VARIABLE} are set: unset one.`,
    )
  return file ? { file, prompt: deps.promptSecret } : { env, prompt: deps.promptSecret }
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
    const path = fileKeychainPath(deps.env)
    requirePrivateDir(dirname(path), deps.warn)
    const passphrase = passphraseSource(deps)
    // An unlock from SECRETS_KEYCHAIN_PASSPHRASE (automation) keeps no agent: the process
    // derives the key for itself, uses it and exits, and no agent outlives it.
    const automated = passphrase.env !== undefined && passphrase.env !== ''
    return new FileKeychain(path, {
      passphrase,
      unlock: automated ? undefined : deps.unlock,
      warn: deps.warn,
    })
  }
  throw new UsageError(`SECRETS_KEYCHAIN=${choice} is not a keychain: use "os" or "file".`)
}

/** The file keychain's path: SECRETS_KEYCHAIN_FILE, else keychain.enc in the config dir. */
function fileKeychainPath(env: NodeJS.ProcessEnv): string {
  return resolve(env.SECRETS_KEYCHAIN_FILE || join(configDir(env), 'keychain.enc'))
}

/**
 * `secrets rekey` with `SECRETS_KEYCHAIN=file`: re-keys the same file, with the same passphrase
 * sources, that openKeychain opens; undefined with the OS keychain (it has no key of ours).
 */
export async function rekeySelectedFileKeychain(
  deps: OpenKeychainDeps,
  newPassphrase?: string,
): Promise<RekeyResult | undefined> {
  if ((deps.env.SECRETS_KEYCHAIN ?? 'os') !== 'file') return undefined
  const path = fileKeychainPath(deps.env)
  requirePrivateDir(dirname(path), deps.warn)
  return rekeyFileKeychain({ path, passphrase: passphraseSource(deps), newPassphrase, unlock: deps.unlock })
}

/**
 * When the selected file keychain's own key was made (`rotate --check`): `exists` false with
 * the OS keychain or when there is no file yet; `created` absent for a file from before the
 * creation time was recorded.
 */
export async function fileKeychainKeyCreated(
  env: NodeJS.ProcessEnv,
): Promise<{ exists: boolean; created?: string }> {
  if ((env.SECRETS_KEYCHAIN ?? 'os') !== 'file') return { exists: false }
  return keychainKeyCreated(fileKeychainPath(env))
}

/** Starts the unlock agent's socket server (the agent process only; see unlock-agent-server.ts). */
export async function startAgentServer(options: AgentServerOptions): Promise<AgentServer> {
  return (await import('./unlock-agent-server.js')).startAgentServer(options)
}

export interface RekeyFileKeychainOptions {
  /** The keychain file (absolute or relative to the cwd). */
  path: string
  /** The current passphrase: as for any unlock (env, file, prompt) or a function giving it (one try). */
  passphrase: PassphraseSource | (() => Promise<string>)
  /** The new passphrase (already confirmed by the caller); absent: the same passphrase, a new salt. */
  newPassphrase?: string | undefined
  /** The session's agent: told to forget the old key once the new file is in place. */
  unlock?: UnlockCache | undefined
  /** Called after each step ('opened', 'derived', 'written', 'forgotten'), e.g. for the audit log. */
  onStep?: ((step: RekeyStep) => void | Promise<void>) | undefined
  /** Cost of the new key; default PRODUCTION_KDF (test-only override as for every write). */
  cost?: KdfCost | undefined
}

/**
 * Re-keys the file keychain (issue #21): a fresh salt and a new key at the production scrypt
 * cost, from `newPassphrase` or the current passphrase; one atomic replace under the keychain's
 * lock, so a kill -9 at any step leaves the old file (old passphrase) or the new one (new
 * passphrase), never neither; the old key does not open the new file; the agent forgets the old
 * key. Rejects (exit 5) when there is no keychain, the current passphrase is wrong, or the new
 * one is weak (KeychainWeakPassphrase), changing nothing.
 */
export function rekeyFileKeychain(options: RekeyFileKeychainOptions): Promise<RekeyResult> {
  const keychain = new FileKeychain(options.path, {
    passphrase: options.passphrase,
    unlock: options.unlock,
    cost: options.cost,
  })
  return keychain.rekey(options.newPassphrase, options.onStep)
}

/**
 * `secrets run` registers itself with the unlock agent's directory before it spawns its child,
 * so the agent refuses the child's process tree (agent-peer.ts). Returns the function that
 * removes the registration. Linux only; a no-op where the agent's directory cannot be used.
 */
export function registerRunWithAgent(env: NodeJS.ProcessEnv): () => void {
  if (process.platform !== 'linux') return () => {}
  const { dir } = resolveAgentDir(env, true)
  return dir ? registerRun(dir) : () => {}
}
