import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { writeFileAtomic } from '../../shared/atomic-file.js'
import { LocalEnvError, systemErrorCode } from '../../shared/errors.js'
import { nodeCrypto } from '../../shared/lazy-modules.js'
import { withLock } from '../../shared/file-lock.js'
import type { Keychain } from './keychain.js'
import type { UnlockCache } from './unlock-agent.js'
import { parseJsonOrUndefined } from '../../shared/json.js'

const scrypt = (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    nodeCrypto().scrypt(password, salt, keylen, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  )

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

/** Where the passphrase comes from. */
export interface PassphraseSource {
  /** SECRETS_KEYCHAIN_PASSPHRASE as set (even empty): used as given, one try. */
  env?: string | undefined
  /** A no-echo prompt on the controlling terminal; absent when there is none. */
  prompt?: ((message: string) => Promise<string>) | undefined
}

export interface FileKeychainDeps {
  /** The passphrase: a source (env, prompt), or a function giving one passphrase (one try). */
  passphrase: PassphraseSource | (() => Promise<string>)
  /** The session's unlock agent: remembers the derived key (never the passphrase). */
  unlock?: UnlockCache | undefined
}

/** Tries at the prompt, as sudo gives. */
export const PASSPHRASE_TRIES = 3

/**
 * Why a new passphrase is too weak, or undefined when it is acceptable. The key is derived
 * with scrypt, which slows guessing but cannot save a short or repetitive passphrase.
 */
export function weakPassphraseReason(passphrase: string): string | undefined {
  const chars = [...passphrase]
  if (chars.length < 12) return `it has ${chars.length} characters; use at least 12 (a few words work well)`
  if (new Set(chars).size < 5) return 'it repeats too few different characters'
  const lower = passphrase.toLowerCase()
  if (/^(.{1,4})\1+$/.test(lower)) return 'it is one short pattern repeated'
  if (/^(password|passphrase|secret|qwerty|letmein|123456|abcdef)/.test(lower.replace(/[^a-z0-9]/g, '')))
    return 'it starts with a word every guessing list tries first'
  return undefined
}

/**
 * An encrypted-file keychain for headless machines: one file, AES-256-GCM, key derived with
 * scrypt from a passphrase. The whole item map is one ciphertext, so item names do not leak
 * either. Writes are atomic and serialised with a lock file. With an unlock agent the derived
 * key is remembered for the session, so later processes neither ask nor derive again.
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
    return this.#open(parseFile(raw, this.path))
  }

  /** The agent's key for this file (the absolute path: one agent serves every keychain file). */
  get #agentKey(): string {
    return `file-key:${resolve(this.path)}`
  }

  /** Decrypts the file: with the key in hand, else the agent's, else the passphrase (tries at a prompt). */
  async #open(file: FileKeychainFile): Promise<Record<string, string>> {
    const salt = file.kdf.salt
    if (this.#key?.salt === salt) {
      const items = decryptItems(file, this.#key.key)
      if (items) return items
      this.#key = undefined
    }
    const remembered = parseRemembered(await this.deps.unlock?.recall(this.#agentKey))
    if (remembered?.salt === salt) {
      const items = decryptItems(file, remembered.key)
      if (items) {
        this.#key = remembered
        return items
      }
      await this.deps.unlock?.forget(this.#agentKey)
    }
    const source = await this.#source()
    if (source.env !== undefined && (source.env !== '' || !source.prompt)) {
      const key = await derive(nonEmpty(source.env, this.path, 'env'), salt, file.kdf)
      const items = decryptItems(file, key)
      if (!items) throw wrongPassphrase(this.path, 'env')
      await this.#unlocked(salt, key)
      return items
    }
    if (!source.prompt) throw this.#locked()
    let message = `Passphrase for the secrets file keychain ${this.path}`
    for (let attempt = 1; attempt <= PASSPHRASE_TRIES; attempt++) {
      const entered = nonEmpty(await source.prompt(message), this.path, 'prompt')
      const key = await derive(entered, salt, file.kdf)
      const items = decryptItems(file, key)
      if (items) {
        await this.#unlocked(salt, key)
        return items
      }
      message = `Wrong passphrase, try again (${attempt + 1} of ${PASSPHRASE_TRIES})`
    }
    throw wrongPassphrase(this.path, 'prompt')
  }

  async #write(items: Record<string, string>): Promise<void> {
    if (!this.#key) await this.#create()
    const current = this.#key as { salt: string; key: Buffer }
    const header: FileKeychainHeader = { format: FORMAT, version: 1, kdf: { ...KDF, salt: current.salt } }
    const iv = nodeCrypto().randomBytes(12)
    const cipher = nodeCrypto().createCipheriv('aes-256-gcm', current.key, iv)
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

  /** A new keychain: a new salt and a passphrase (at a prompt: strong enough, typed twice). */
  async #create(): Promise<void> {
    const salt = nodeCrypto().randomBytes(16).toString('base64')
    const source = await this.#source()
    let passphrase: string
    if (source.env !== undefined && (source.env !== '' || !source.prompt))
      passphrase = nonEmpty(source.env, this.path, 'env')
    else if (source.prompt) passphrase = await choosePassphrase(source.prompt, this.path)
    else throw this.#locked()
    await this.#unlocked(salt, await derive(passphrase, salt, KDF))
  }

  async #unlocked(salt: string, key: Buffer): Promise<void> {
    this.#key = { salt, key }
    await this.deps.unlock?.remember(
      this.#agentKey,
      JSON.stringify({ salt, key: key.toString('base64') }),
      resolve(this.path),
    )
  }

  /** The function form is one passphrase given as is: treated like the environment's. */
  async #source(): Promise<PassphraseSource> {
    const given = this.deps.passphrase
    return typeof given === 'function' ? { env: await given() } : given
  }

  #locked(): LocalEnvError {
    const remembered = this.deps.unlock
      ? ' No unlock is held for this session (none yet, `secrets lock` was run, or it expired when idle).'
      : ''
    return new LocalEnvError(
      `The file keychain ${this.path} is locked and there is no terminal to ask for its passphrase.${remembered}`,
      {
        hint:
          'Unlock it once at a terminal (any secrets command that needs it asks; the unlock lasts until ' +
          '`secrets lock` or SECRETS_UNLOCK_TTL of idleness, 15m by default), or set SECRETS_KEYCHAIN_PASSPHRASE ' +
          'for this one process; or use the OS keychain instead: unset SECRETS_KEYCHAIN (on Linux a Secret ' +
          'Service such as gnome-keyring on the D-Bus session).',
        code: 'KeychainNoPassphrase',
      },
    )
  }
}

/** At a prompt: a new passphrase, refused when weak (saying why), typed twice, three tries. */
async function choosePassphrase(prompt: (message: string) => Promise<string>, path: string): Promise<string> {
  let why = ''
  for (let attempt = 1; attempt <= PASSPHRASE_TRIES; attempt++) {
    const first = await prompt(
      `${why}New passphrase for the secrets file keychain ${path} (at least 12 characters)`,
    )
    if (first === '') throw emptyPassphrase(path, 'prompt')
    const weak = weakPassphraseReason(first)
    if (weak) {
      why = `That passphrase is too weak: ${weak}. `
      continue
    }
    if ((await prompt('Repeat the new passphrase')) === first) return first
    why = 'The two entries differ. '
  }
  throw new LocalEnvError(
    `No file keychain was created: ${why.trim() || 'no acceptable passphrase'} (${PASSPHRASE_TRIES} tries).`,
    {
      hint: 'Run the command again and choose a passphrase of at least 12 characters (a few words work well).',
      code: 'KeychainNoPassphrase',
    },
  )
}

function nonEmpty(passphrase: string, path: string, from: 'env' | 'prompt'): string {
  if (passphrase === '') throw emptyPassphrase(path, from)
  return passphrase
}

function emptyPassphrase(path: string, from: 'env' | 'prompt'): LocalEnvError {
  return from === 'env'
    ? new LocalEnvError(
        `SECRETS_KEYCHAIN_PASSPHRASE is set but empty: an empty passphrase cannot unlock the file keychain ${path}.`,
        {
          hint: 'Set it to the keychain passphrase, or unset it to be asked at the terminal.',
          code: 'KeychainNoPassphrase',
        },
      )
    : new LocalEnvError(`No passphrase was entered: the file keychain ${path} stays locked.`, {
        hint: 'Run the command again and type the passphrase (it does not echo).',
        code: 'KeychainNoPassphrase',
      })
}

function wrongPassphrase(path: string, from: 'env' | 'prompt'): LocalEnvError {
  return new LocalEnvError(
    from === 'env'
      ? `Cannot unlock the file keychain ${path}: SECRETS_KEYCHAIN_PASSPHRASE is not its passphrase, or the file was modified.`
      : `Cannot unlock the file keychain ${path}: wrong passphrase (${PASSPHRASE_TRIES} tries), or the file was modified.`,
    {
      hint:
        from === 'env'
          ? 'Check SECRETS_KEYCHAIN_PASSPHRASE (or unset it to be asked at the terminal). The file is left untouched.'
          : 'Run the command again with the right passphrase. The file is left untouched.',
      code: 'KeychainLocked',
    },
  )
}

function derive(
  passphrase: string,
  salt: string,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  return scrypt(passphrase, Buffer.from(salt, 'base64'), 32, {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * 1024 * 1024,
  })
}

/** The item map, or undefined when the key does not open the file (wrong key, or modified). */
function decryptItems(file: FileKeychainFile, key: Buffer): Record<string, string> | undefined {
  try {
    const decipher = nodeCrypto().createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'))
    decipher.setAAD(Buffer.from(headerAad(file)))
    decipher.setAuthTag(Buffer.from(file.tag, 'base64'))
    const plain = Buffer.concat([decipher.update(Buffer.from(file.data, 'base64')), decipher.final()])
    return JSON.parse(plain.toString('utf8')) as Record<string, string>
  } catch {
    return undefined
  }
}

function parseRemembered(value: string | undefined): { salt: string; key: Buffer } | undefined {
  const parsed = parseJsonOrUndefined(value ?? '') as { salt?: unknown; key?: unknown } | undefined
  if (typeof parsed?.salt !== 'string' || typeof parsed.key !== 'string') return undefined
  const key = Buffer.from(parsed.key, 'base64')
  return key.length === 32 ? { salt: parsed.salt, key } : undefined
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
