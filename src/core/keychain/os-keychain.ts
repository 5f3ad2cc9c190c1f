import { LocalEnvError } from '../../shared/errors.js'
import type { Keychain } from './keychain.js'
import { lockedKeychainHint, noKeychainHint, unreachableKeychainHint } from './messages.js'

type KeyringModule = typeof import('@napi-rs/keyring')

/**
 * On Linux, every entry is pinned to the Secret Service. Left to itself the binding falls
 * back, silently, to the kernel keyutils keyring when no Secret Service answers (over SSH, in
 * a container or a cron job): a key written there is gone at the next reboot, and a key that
 * is in the Secret Service reads as "missing" there. Pinned, an unreachable Secret Service is
 * an error we can name. The option is ignored on macOS and Windows.
 */
const ENTRY_OPTIONS = { linux: { store: 'secret-service' } } as const

/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux)
 * through @napi-rs/keyring. The native module is loaded on first use so commands that never
 * touch the keychain do not pay for it. A failure to reach or unlock the keychain is always
 * an error (exit 5), never "no such item": callers may offer to start afresh only on the
 * latter.
 */
export class OsKeychain implements Keychain {
  readonly kind = 'os' as const
  #module: Promise<KeyringModule> | undefined

  constructor(readonly service: string) {}

  #load(): Promise<KeyringModule> {
    this.#module ??= import('@napi-rs/keyring')
    return this.#module
  }

  async #call<T>(what: string, fn: (keyring: KeyringModule) => Promise<T>): Promise<T> {
    const keyring = await this.#load()
    try {
      return await fn(keyring)
    } catch (error) {
      throw keychainFailure(what, error)
    }
  }

  #entry(k: KeyringModule, account: string) {
    return new k.AsyncEntry(this.service, account, ENTRY_OPTIONS)
  }

  get(account: string): Promise<string | undefined> {
    return this.#call('read', async (k) => (await this.#entry(k, account).getPassword()) ?? undefined)
  }

  set(account: string, secret: string): Promise<void> {
    return this.#call('write', (k) => this.#entry(k, account).setPassword(secret))
  }

  delete(account: string): Promise<boolean> {
    return this.#call('delete', (k) => this.#entry(k, account).deletePassword())
  }

  list(): Promise<string[]> {
    // findCredentials searches the Secret Service on Linux (no keyutils fallback).
    return this.#call('list', async (k) => (await k.findCredentialsAsync(this.service)).map((c) => c.account))
  }
}

/** Why the OS keychain could not be used, from the platform's message (the binding has no error kinds). */
export type KeychainFailureKind = 'unreachable' | 'locked' | 'other'

const UNREACHABLE = [
  /DBus error/i,
  /zbus error: Failed to connect/i,
  /Failed to connect to (socket|address)/i,
  /autolaunch/i,
  /org\.freedesktop\.DBus\.Error\.(ServiceUnknown|NoReply|NoServer|Disconnected|Spawn)/i,
  /secret service.*(not available|unavailable)/i,
]
const LOCKED = [/prompt was dismissed/i, /IsLocked/i, /\blocked\b/i]

export function classifyKeychainFailure(message: string): KeychainFailureKind {
  if (LOCKED.some((re) => re.test(message))) return 'locked'
  if (UNREACHABLE.some((re) => re.test(message))) return 'unreachable'
  return 'other'
}

function keychainFailure(what: string, error: unknown): LocalEnvError {
  const detail = describe(error)
  switch (classifyKeychainFailure(detail)) {
    case 'unreachable':
      return new LocalEnvError(
        `The OS keychain is not usable (${what}): it cannot be reached — no Secret Service answers on the D-Bus session (${detail}). Nothing was changed.`,
        { hint: unreachableKeychainHint, cause: error, code: 'KeychainUnavailable' },
      )
    case 'locked':
      return new LocalEnvError(
        `The OS keychain is not usable (${what}): it is locked and no unlock prompt could be shown (${detail}). Nothing was changed.`,
        { hint: lockedKeychainHint, cause: error, code: 'KeychainLocked' },
      )
    case 'other':
      return new LocalEnvError(`The OS keychain is not usable (${what}): ${detail}`, {
        hint: noKeychainHint,
        cause: error,
        code: 'KeychainUnavailable',
      })
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  // The platform message is about the backend (D-Bus, Secret Service), never about a value.
  return text.split('\n')[0]?.slice(0, 300) ?? 'unknown error'
}
