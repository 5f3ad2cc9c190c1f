import { withLock } from '../../shared/file-lock.js'
import { decryptItems, readKeychainFile, writeKeychainFile, type DerivedKey } from './file-keychain-format.js'

/**
 * The file keychain keys the unlock agent holds (issue #19 item 1), and the only code that
 * uses them: like ssh-agent and gpg-agent it never hands a key out. It reads the keychain file
 * itself and answers with the one item asked for, and writes one item (under the keychain's
 * lock, atomically) when the CLI changes one. A key that no longer opens its file (re-keyed,
 * re-created, removed) is dropped at once.
 */
export class HeldFileKeys {
  readonly #keys = new Map<string, DerivedKey>()

  get size(): number {
    return this.#keys.size
  }

  hold(path: string, key: DerivedKey): void {
    this.#keys.set(path, key)
  }

  forget(path: string): void {
    this.#keys.delete(path)
  }

  clear(): void {
    for (const key of this.#keys.values()) key.key.fill(0)
    this.#keys.clear()
  }

  paths(): string[] {
    return [...this.#keys.keys()]
  }

  /** The item's value (undefined: no such item); undefined overall when no key for `path` is held. */
  async get(path: string, item: string): Promise<{ value: string | undefined } | undefined> {
    const items = await this.#open(path)
    return items ? { value: items[item] } : undefined
  }

  /** The item names; undefined when no key for `path` is held. */
  async list(path: string): Promise<string[] | undefined> {
    const items = await this.#open(path)
    return items ? Object.keys(items) : undefined
  }

  /** Sets (value given) or deletes one item; undefined when no key for `path` is held. */
  async change(
    path: string,
    item: string,
    value: string | undefined,
  ): Promise<{ changed: boolean } | undefined> {
    if (!this.#keys.has(path)) return undefined
    return withLock(`${path}.lock`, async () => {
      const items = await this.#open(path)
      const key = this.#keys.get(path)
      if (!items || !key) return undefined
      const changed = value !== undefined || item in items
      if (!changed) return { changed }
      if (value === undefined) delete items[item]
      else items[item] = value
      await writeKeychainFile(path, items, key)
      return { changed }
    })
  }

  async #open(path: string): Promise<Record<string, string> | undefined> {
    const key = this.#keys.get(path)
    if (!key) return undefined
    let file
    try {
      file = await readKeychainFile(path)
    } catch {
      file = undefined
    }
    const items = file && file.kdf.salt === key.salt ? decryptItems(file, key.key) : undefined
    if (!items) this.forget(path)
    return items
  }
}
