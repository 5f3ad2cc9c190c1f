import type { Keychain } from './keychain.js'

/** An in-memory keychain for tests and for `--dry-run` style flows. */
export class MemoryKeychain implements Keychain {
  readonly kind = 'memory' as const
  readonly items = new Map<string, string>()

  async get(account: string): Promise<string | undefined> {
    return this.items.get(account)
  }

  async set(account: string, secret: string): Promise<void> {
    this.items.set(account, secret)
  }

  async delete(account: string): Promise<boolean> {
    return this.items.delete(account)
  }

  async list(): Promise<string[]> {
    return [...this.items.keys()]
  }
}
