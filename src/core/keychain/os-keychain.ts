import { LocalEnvError } from '../../shared/errors.js'
import type { Keychain } from './keychain.js'
import { noKeychainHint } from './messages.js'

type KeyringModule = typeof import('@napi-rs/keyring')

/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux)
 * through @napi-rs/keyring. The native module is loaded on first use so commands that never
 * touch the keychain do not pay for it.
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
      throw new LocalEnvError(`The OS keychain is not usable (${what}): ${describe(error)}`, {
        hint: noKeychainHint,
        cause: error,
        code: 'KeychainUnavailable',
      })
    }
  }

  get(account: string): Promise<string | undefined> {
    return this.#call(
      'read',
      async (k) => (await new k.AsyncEntry(this.service, account).getPassword()) ?? undefined,
    )
  }

  set(account: string, secret: string): Promise<void> {
    return this.#call('write', (k) => new k.AsyncEntry(this.service, account).setPassword(secret))
  }

  delete(account: string): Promise<boolean> {
    return this.#call('delete', (k) => new k.AsyncEntry(this.service, account).deletePassword())
  }

  list(): Promise<string[]> {
    return this.#call('list', async (k) => (await k.findCredentialsAsync(this.service)).map((c) => c.account))
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  // The platform message is about the backend (D-Bus, Secret Service), never about a value.
  return text.split('\n')[0]?.slice(0, 300) ?? 'unknown error'
}
