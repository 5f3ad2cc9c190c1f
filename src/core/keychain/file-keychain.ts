import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { writeFileAtomic } from '../../shared/atomic-file.js'
import { LocalEnvError, systemErrorCode } from '../../shared/errors.js'
import { withLock } from '../../shared/file-lock.js'
import type { Keychain } from './keychain.js'
import { parseJsonOrUndefined } from '../../shared/json.js'

const scrypt = promisify(scryptCb) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>

const FORMAT = 'secrets-file-keychain'
/** scrypt cost: 2^15 × 8 × 1 is the OWASP-recommended floor for interactive use (~32 MiB). */
const KDF = { name: 'scrypt', N: 32768, r: 8, p: 1 } as const

interface FileKeychainHeader {
  format: typeof FORMAT
  version: 1
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string }
}
interface FileKeychainFile extends FileKeychainHeader {
  iv: string
  tag: string
  data: string
}

export interface FileKeychainDeps {
  /** Supplies the passphrase: the env var, else a no-echo prompt, else an error. */
  passphrase: () => Promise<string>
}

/**
 * An encrypted-file keychain for headless machines: one file, AES-256-GCM, key derived with
 * scrypt from a passphrase. The whole item map is one ciphertext, so item names do not leak
 * either. Writes are atomic and serialised with a lock file.
 */
export class FileKeychain implements Keychain {
  readonly kind = 'file' as const
  #key: { salt: string; key: Buffer } | undefined

  constructor(
    readonly path: string,
    private readonly deps: FileKeychainDeps,
  ) {}

  async get(account: string): Promise<string | undefined> {
    const items = await this.#read()
    return items?.[account]
  }

  async set(account: string, secret: string): Promise<void> {
    await this.#update((items) => {
      items[account] = secret
      return true
    })
  }

  async delete(account: string): Promise<boolean> {
    let deleted = false
    await this.#update((items) => {
      deleted = account in items
      delete items[account]
      return deleted
    })
    return deleted
  }

  async list(): Promise<string[]> {
    return Object.keys((await this.#read()) ?? {})
  }

  async #update(change: (items: Record<string, string>) => boolean): Promise<void> {
    await withLock(`${this.path}.lock`, async () => {
      const items = (await this.#read()) ?? {}
      if (!change(items)) return
      await this.#write(items)
    })
  }

  async #read(): Promise<Record<string, string> | undefined> {
    let raw: string
    try {
      raw = await readFile(this.path, 'utf8')
    } catch (error) {
      if (systemErrorCode(error) === 'ENOENT') return undefined
      throw new LocalEnvError(
        `Cannot read the file keychain ${this.path}: ${systemErrorCode(error) ?? 'error'}`,
        {
          cause: error,
        },
      )
    }
    const file = parseFile(raw, this.path)
    const key = await this.#deriveKey(file.kdf.salt, file.kdf)
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'))
      decipher.setAAD(Buffer.from(headerAad(file)))
      decipher.setAuthTag(Buffer.from(file.tag, 'base64'))
      const plain = Buffer.concat([decipher.update(Buffer.from(file.data, 'base64')), decipher.final()])
      return JSON.parse(plain.toString('utf8')) as Record<string, string>
    } catch (error) {
      this.#key = undefined
      throw new LocalEnvError(
        `Cannot unlock the file keychain ${this.path}: wrong passphrase, or the file was modified.`,
        {
          hint: 'Check SECRETS_KEYCHAIN_PASSPHRASE. The file is left untouched.',
          cause: error,
          code: 'KeychainLocked',
        },
      )
    }
  }

  async #write(items: Record<string, string>): Promise<void> {
    const salt = this.#key?.salt ?? randomBytes(16).toString('base64')
    const header: FileKeychainHeader = { format: FORMAT, version: 1, kdf: { ...KDF, salt } }
    const key = await this.#deriveKey(salt, header.kdf)
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    cipher.setAAD(Buffer.from(headerAad(header)))
    const data = Buffer.concat([cipher.update(JSON.stringify(items), 'utf8'), cipher.final()])
    const file: FileKeychainFile = {
      ...header,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    }
    await writeFileAtomic(this.path, `${JSON.stringify(file)}\n`)
  }

  async #deriveKey(salt: string, params: { N: number; r: number; p: number }): Promise<Buffer> {
    if (this.#key?.salt === salt) return this.#key.key
    const passphrase = await this.deps.passphrase()
    const key = await scrypt(passphrase, Buffer.from(salt, 'base64'), 32, {
      N: params.N,
      r: params.r,
      p: params.p,
      maxmem: 256 * 1024 * 1024,
    })
    this.#key = { salt, key }
    return key
  }
}

/** The header is authenticated with the ciphertext so its KDF parameters cannot be downgraded. */
function headerAad(header: FileKeychainHeader): string {
  return JSON.stringify([
    header.format,
    header.version,
    header.kdf.name,
    header.kdf.N,
    header.kdf.r,
    header.kdf.p,
    header.kdf.salt,
  ])
}

function parseFile(raw: string, path: string): FileKeychainFile {
  const file = parseJsonOrUndefined(raw) as Partial<FileKeychainFile> | undefined
  if (
    !file ||
    file.format !== FORMAT ||
    file.version !== 1 ||
    file.kdf?.name !== 'scrypt' ||
    typeof file.iv !== 'string' ||
    typeof file.tag !== 'string' ||
    typeof file.data !== 'string' ||
    typeof file.kdf.salt !== 'string' ||
    !(file.kdf.N >= 16384 && file.kdf.N <= 1048576)
  ) {
    throw new LocalEnvError(`The file keychain ${path} is corrupted or not a secrets keychain.`, {
      hint: 'Restore it from a backup, or move it aside to start a new, empty keychain.',
      code: 'KeychainCorrupt',
    })
  }
  return file as FileKeychainFile
}
