import { readFile } from 'node:fs/promises'
import { writeFileAtomic } from '../../shared/atomic-file.js'
import { LocalEnvError, systemErrorCode } from '../../shared/errors.js'
import { withLock } from '../../shared/file-lock.js'
import type { Keychain } from '../keychain/index.js'
import { KeychainItem, createDataKey, readDataKey } from '../keychain/index.js'
import type { Parameter, ParameterStore, ParameterType, PutOptions } from './parameter.js'
import { isUnderPrefix } from './parameter-path.js'
import { isSealedBox, open, seal } from './sealed-box.js'
import { parseJsonOrUndefined } from '../../shared/json.js'

const FORMAT = 'secrets-local-store'
const AAD = `${FORMAT}/1`
/** SSM keeps the last 100 versions of a parameter; so do we. */
export const MAX_VERSIONS = 100

interface StoredVersion {
  version: number
  value: string
  modified: string
  type: ParameterType
}
interface StoreContent {
  parameters: Record<string, { versions: StoredVersion[] }>
}

export interface LocalStoreDeps {
  keychain: Keychain
  /** The encrypted file, e.g. ~/.config/secrets/store.enc */
  file: string
  now?: () => Date
}

/**
 * The embedded store: one AES-256-GCM encrypted file, its random data key in the keychain.
 * Reads need no lock; writes take a lock, re-read, and replace the file atomically, so a
 * crash mid-write leaves the previous content and a concurrent writer is never lost.
 */
export class LocalStore implements ParameterStore {
  readonly kind = 'local' as const
  #key: Buffer | undefined

  constructor(private readonly deps: LocalStoreDeps) {}

  async getByPath(prefix: string): Promise<Parameter[]> {
    const content = await this.#read()
    const out: Parameter[] = []
    for (const [path, entry] of Object.entries(content.parameters)) {
      if (!isUnderPrefix(path, prefix)) continue
      const latest = entry.versions.at(-1)
      if (latest) out.push(toParameter(path, latest))
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  }

  async get(path: string): Promise<Parameter | undefined> {
    const latest = (await this.#read()).parameters[path]?.versions.at(-1)
    return latest ? toParameter(path, latest) : undefined
  }

  async put(path: string, value: string, options: PutOptions = {}): Promise<{ version: number }> {
    let version = 0
    await this.#update((content) => {
      const entry = (content.parameters[path] ??= { versions: [] })
      version = (entry.versions.at(-1)?.version ?? 0) + 1
      entry.versions.push({
        version,
        value,
        modified: this.#now().toISOString(),
        type: options.type ?? entry.versions.at(-1)?.type ?? 'SecureString',
      })
      if (entry.versions.length > MAX_VERSIONS) entry.versions.splice(0, entry.versions.length - MAX_VERSIONS)
      return true
    })
    return { version }
  }

  async history(path: string): Promise<Parameter[]> {
    const entry = (await this.#read()).parameters[path]
    return entry ? entry.versions.map((v) => toParameter(path, v)) : []
  }

  async delete(path: string): Promise<boolean> {
    let deleted = false
    await this.#update((content) => {
      deleted = path in content.parameters
      delete content.parameters[path]
      return deleted
    })
    return deleted
  }

  #now(): Date {
    return (this.deps.now ?? (() => new Date()))()
  }

  async #update(change: (content: StoreContent) => boolean): Promise<void> {
    await withLock(`${this.deps.file}.lock`, async () => {
      const content = await this.#read()
      if (!change(content)) return
      const key = await this.#dataKey({ create: true })
      const box = seal(key, JSON.stringify(content), AAD)
      await writeFileAtomic(this.deps.file, `${JSON.stringify({ format: FORMAT, version: 1, ...box })}\n`)
    })
  }

  async #read(): Promise<StoreContent> {
    let raw: string
    try {
      raw = await readFile(this.deps.file, 'utf8')
    } catch (error) {
      if (systemErrorCode(error) === 'ENOENT') return { parameters: {} }
      throw new LocalEnvError(
        `Cannot read the local store ${this.deps.file}: ${systemErrorCode(error) ?? 'error'}.`,
        {
          hint: 'Check the file permissions (it should be yours, mode 0600).',
          cause: error,
        },
      )
    }
    const envelope = parseJsonOrUndefined(raw)
    if (!isSealedBox(envelope) || (envelope as { format?: unknown }).format !== FORMAT) {
      throw corrupted(this.deps.file, 'it is not a secrets store file')
    }
    const key = await this.#dataKey({ create: false })
    let plain: string
    try {
      plain = open(key, envelope, AAD)
    } catch {
      throw corrupted(
        this.deps.file,
        'it fails authentication: it was modified, or the keychain holds another key',
      )
    }
    const content = JSON.parse(plain) as StoreContent
    if (!content || typeof content.parameters !== 'object')
      throw corrupted(this.deps.file, 'unexpected content')
    return content
  }

  async #dataKey({ create }: { create: boolean }): Promise<Buffer> {
    if (this.#key) return this.#key
    const stored = await readDataKey(this.deps.keychain, KeychainItem.localStoreKey)
    if (stored) return (this.#key = stored)
    if (!create) {
      throw new LocalEnvError(
        // Reached only when the keychain answered and has no such item: a keychain that cannot
        // be reached or unlocked throws its own error first, and moving the store aside would
        // then throw away data whose key is safe where the keychain is.
        `The local store ${this.deps.file} exists but its key is not in the ${this.deps.keychain.kind} keychain (the keychain answered; it has no item "${KeychainItem.localStoreKey}").`,
        {
          hint: 'Use the keychain that created it (check SECRETS_KEYCHAIN), or move the file aside to start an empty store. The file is left untouched.',
          code: 'LocalStoreKeyMissing',
        },
      )
    }
    return (this.#key = await createDataKey(this.deps.keychain, KeychainItem.localStoreKey))
  }
}

function toParameter(path: string, v: StoredVersion): Parameter {
  return { path, value: v.value, version: v.version, lastModified: new Date(v.modified), type: v.type }
}

function corrupted(file: string, why: string): LocalEnvError {
  return new LocalEnvError(`The local store ${file} cannot be read: ${why}.`, {
    hint: 'Nothing was changed. Restore the file from a backup, or move it aside to start an empty store.',
    code: 'LocalStoreCorrupt',
  })
}
