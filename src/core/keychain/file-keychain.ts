import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { LocalEnvError, systemErrorCode } from '../../shared/errors.js'
import { withLock } from '../../shared/file-lock.js'
import {
  belowCost,
  decryptItems,
  derive,
  newSalt,
  readKeychainFile,
  writeCost,
  writeKeychainFile,
  type DerivedKey,
  type FileKeychainFile,
  type KdfCost,
} from './file-keychain-format.js'
import type { Keychain } from './keychain.js'
import type { UnlockCache } from './unlock-agent.js'

/** Where the passphrase comes from. */
export interface PassphraseSource {
  /** SECRETS_KEYCHAIN_PASSPHRASE as set (even empty): used as given, one try. */
  env?: string | undefined
  /**
   * SECRETS_KEYCHAIN_PASSPHRASE_FILE: a file read once, at the first unlock (a pipe or a
   * process substitution, `<(pass show secrets)`, then leaves nothing to read); one try.
   */
  file?: string | undefined
  /** A no-echo prompt on the controlling terminal; absent when there is none. */
  prompt?: ((message: string) => Promise<string>) | undefined
}

export interface FileKeychainDeps {
  /** The passphrase: a source (env, file, prompt), or a function giving one passphrase (one try). */
  passphrase: PassphraseSource | (() => Promise<string>)
  /** The session's unlock agent: holds the derived key and answers item by item (never the key, never the passphrase). */
  unlock?: UnlockCache | undefined
  /** Told once when a passphrase given by the environment or a file is weak, and why. */
  warn?: ((message: string) => void) | undefined
  /** The scrypt cost of new writes; default PRODUCTION_KDF (see writeCost for the test-only one). */
  cost?: KdfCost | undefined
}

/** The steps of a re-key, in order, for a caller that records them (audit) or a crash test. */
export type RekeyStep = 'opened' | 'derived' | 'written' | 'forgotten'

export interface RekeyResult {
  path: string
  /** The cost the new key was derived with. */
  kdf: KdfCost
  /** How many items were carried over. */
  items: number
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
 * scrypt from a passphrase (file-keychain-format.ts). The whole item map is one ciphertext, so
 * item names do not leak either. Writes are atomic and serialised with a lock file. With an
 * unlock agent, the agent holds the derived key and reads and writes single items for later
 * processes, which then neither ask nor derive again, and never see the key.
 */
export class FileKeychain implements Keychain {
  readonly kind = 'file' as const
  #key: DerivedKey | undefined
  /** The passphrase this process was given (prompt, env, file), kept to re-wrap at a higher cost. */
  #passphrase: string | undefined
  #fromFile: string | undefined
  #warned = false

  constructor(
    readonly path: string,
    private readonly deps: FileKeychainDeps,
  ) {
    this.path = resolve(path)
  }

  async get(account: string): Promise<string | undefined> {
    if (!this.#key && this.deps.unlock) {
      const held = await this.deps.unlock.file.get(this.path, account)
      if (held) return held.value
    }
    return (await this.#read())?.[account]
  }

  async set(account: string, secret: string): Promise<void> {
    await this.#change(account, secret)
  }

  async delete(account: string): Promise<boolean> {
    return this.#change(account, undefined)
  }

  async list(): Promise<string[]> {
    if (!this.#key && this.deps.unlock) {
      const names = await this.deps.unlock.file.list(this.path)
      if (names) return names
    }
    return Object.keys((await this.#read()) ?? {})
  }

  /**
   * Re-keys the file (issue #21): derives a new key with a fresh salt at the production cost,
   * from `newPassphrase` or the current one (asked or given as for any unlock: the agent's key
   * cannot be used, it is about to be replaced), and replaces the file atomically under its
   * lock: a crash at any step leaves the old file or the new one, each readable with its own
   * passphrase. The agent then forgets the old key. The old key does not open the new file.
   */
  async rekey(
    newPassphrase?: string,
    onStep?: (step: RekeyStep) => void | Promise<void>,
  ): Promise<RekeyResult> {
    if (newPassphrase !== undefined) {
      if (newPassphrase === '') throw emptyPassphrase(this.path, 'prompt')
      const weak = weakPassphraseReason(newPassphrase)
      if (weak)
        throw new LocalEnvError(
          `The new passphrase for the file keychain ${this.path} is too weak: ${weak}.`,
          {
            hint: 'Choose a passphrase of at least 12 characters (a few words work well). Nothing was changed.',
            code: 'KeychainWeakPassphrase',
          },
        )
    }
    const result = await withLock(`${this.path}.lock`, async () => {
      const file = await readKeychainFile(this.path)
      if (!file)
        throw new LocalEnvError(`There is no file keychain at ${this.path} to re-key.`, {
          hint: 'Check SECRETS_KEYCHAIN_FILE; a keychain is created by the first command that stores something.',
          code: 'KeychainMissing',
        })
      this.#key = undefined
      const items = await this.#open(file)
      await onStep?.('opened')
      const passphrase = newPassphrase ?? (this.#passphrase as string)
      const cost = this.#cost()
      const salt = newSalt()
      const next: DerivedKey = { salt, key: await derive(passphrase, salt, cost), kdf: cost }
      await onStep?.('derived')
      await writeKeychainFile(this.path, items, next)
      this.#key = next
      this.#passphrase = passphrase
      await onStep?.('written')
      return { path: this.path, kdf: cost, items: Object.keys(items).length }
    })
    await this.deps.unlock?.file.forget(this.path)
    await onStep?.('forgotten')
    return result
  }

  /** Sets or deletes one item: through the agent when it holds the key, else here under the lock. */
  async #change(account: string, value: string | undefined): Promise<boolean> {
    if (!this.#key && this.deps.unlock) {
      const done = await this.deps.unlock.file.change(this.path, account, value)
      if (done) return done.changed
    }
    return withLock(`${this.path}.lock`, async () => {
      const items = (await this.#read()) ?? {}
      const changed = value !== undefined || account in items
      if (!changed) return false
      if (value === undefined) delete items[account]
      else items[account] = value
      await this.#write(items)
      return true
    })
  }

  async #read(): Promise<Record<string, string> | undefined> {
    const file = await readKeychainFile(this.path)
    return file ? this.#open(file) : undefined
  }

  #cost(): KdfCost {
    return this.deps.cost ?? writeCost(this.path)
  }

  /** Decrypts the file: with the key in hand, else the passphrase (tries at a prompt). */
  async #open(file: FileKeychainFile): Promise<Record<string, string>> {
    const salt = file.kdf.salt
    const cost = { N: file.kdf.N, r: file.kdf.r, p: file.kdf.p }
    if (this.#key?.salt === salt) {
      const items = decryptItems(file, this.#key.key)
      if (items) return items
      this.#key = undefined
    }
    const given = await this.#given()
    if (given !== undefined) {
      const key = await derive(nonEmpty(given.passphrase, this.path, given.from), salt, cost)
      const items = decryptItems(file, key)
      if (!items) throw wrongPassphrase(this.path, given.from)
      await this.#unlocked(given.passphrase, { salt, key, kdf: cost })
      return items
    }
    const prompt = (await this.#source()).prompt
    if (!prompt) throw this.#locked()
    let message = `Passphrase for the secrets file keychain ${this.path}`
    for (let attempt = 1; attempt <= PASSPHRASE_TRIES; attempt++) {
      const entered = nonEmpty(await prompt(message), this.path, 'prompt')
      const key = await derive(entered, salt, cost)
      const items = decryptItems(file, key)
      if (items) {
        await this.#unlocked(entered, { salt, key, kdf: cost })
        return items
      }
      message = `Wrong passphrase, try again (${attempt + 1} of ${PASSPHRASE_TRIES})`
    }
    throw wrongPassphrase(this.path, 'prompt')
  }

  /**
   * Writes the items with the key in hand; a new keychain gets a new salt and passphrase, and
   * a key derived at less than the write cost (an older file) is re-wrapped: a fresh salt and
   * the current cost, from the passphrase this process was given.
   */
  async #write(items: Record<string, string>): Promise<void> {
    const cost = this.#cost()
    if (!this.#key) await this.#create(cost)
    else if (belowCost(this.#key.kdf, cost) && this.#passphrase !== undefined) {
      const salt = newSalt()
      await this.#unlocked(this.#passphrase, {
        salt,
        key: await derive(this.#passphrase, salt, cost),
        kdf: cost,
      })
    }
    await writeKeychainFile(this.path, items, this.#key as DerivedKey)
  }

  /** A new keychain: a new salt and a passphrase (at a prompt: strong enough, typed twice). */
  async #create(cost: KdfCost): Promise<void> {
    const salt = newSalt()
    const given = await this.#given()
    let passphrase: string
    if (given !== undefined) passphrase = nonEmpty(given.passphrase, this.path, given.from)
    else {
      const prompt = (await this.#source()).prompt
      if (!prompt) throw this.#locked()
      passphrase = await choosePassphrase(prompt, this.path)
    }
    await this.#unlocked(passphrase, { salt, key: await derive(passphrase, salt, cost), kdf: cost })
  }

  async #unlocked(passphrase: string, key: DerivedKey): Promise<void> {
    this.#key = key
    this.#passphrase = passphrase
    // The agent (where there is one) holds the key for later processes: they get items, never it.
    await this.deps.unlock?.file.hold(this.path, key)
  }

  /**
   * A passphrase given without a prompt (environment, file, the function form), or undefined
   * when the prompt is the source. An empty environment value with a terminal means: ask.
   */
  async #given(): Promise<{ passphrase: string; from: 'env' | 'file' } | undefined> {
    const source = await this.#source()
    let given: { passphrase: string; from: 'env' | 'file' } | undefined
    if (source.file !== undefined) given = { passphrase: this.#readPassphraseFile(source.file), from: 'file' }
    else if (source.env !== undefined && (source.env !== '' || !source.prompt))
      given = { passphrase: source.env, from: 'env' }
    if (given && given.passphrase !== '' && !this.#warned && typeof this.deps.passphrase !== 'function') {
      this.#warned = true
      const weak = weakPassphraseReason(given.passphrase)
      if (weak)
        this.deps.warn?.(
          `the file keychain passphrase from ${given.from === 'env' ? 'SECRETS_KEYCHAIN_PASSPHRASE' : 'SECRETS_KEYCHAIN_PASSPHRASE_FILE'} is weak: ${weak}. Re-key with a stronger one (secrets rekey --passphrase).`,
        )
    }
    return given
  }

  /** Reads the passphrase file once (a pipe gives its content only once); one trailing newline is dropped. */
  #readPassphraseFile(path: string): string {
    if (this.#fromFile !== undefined) return this.#fromFile
    let raw: string
    try {
      // /dev/fd/N is read through the descriptor itself: a socket handed over as fd N (as some
      // process spawners do) cannot be opened by path, and a pipe reads the same either way.
      const fd = /^\/dev\/fd\/(\d+)$/.exec(path)?.[1]
      raw = readFileSync(fd !== undefined ? Number(fd) : path, 'utf8')
    } catch (error) {
      throw new LocalEnvError(
        `Cannot read SECRETS_KEYCHAIN_PASSPHRASE_FILE (${path}): ${systemErrorCode(error) ?? 'error'}.`,
        {
          hint: 'Point it at a readable file, a pipe or a process substitution (it is read once, at the first unlock).',
          code: 'KeychainNoPassphrase',
          cause: error,
        },
      )
    }
    this.#fromFile = raw.replace(/\r?\n$/, '')
    return this.#fromFile
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
          '`secrets lock` or SECRETS_UNLOCK_TTL of idleness, 15m by default), or give this one process its ' +
          'passphrase with SECRETS_KEYCHAIN_PASSPHRASE_FILE (read once; a pipe leaves nothing behind) or ' +
          'SECRETS_KEYCHAIN_PASSPHRASE; or use the OS keychain instead: unset SECRETS_KEYCHAIN (on Linux a ' +
          'Secret Service such as gnome-keyring on the D-Bus session).',
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

function nonEmpty(passphrase: string, path: string, from: 'env' | 'file' | 'prompt'): string {
  if (passphrase === '') throw emptyPassphrase(path, from)
  return passphrase
}

function emptyPassphrase(path: string, from: 'env' | 'file' | 'prompt'): LocalEnvError {
  if (from === 'file')
    return new LocalEnvError(
      `SECRETS_KEYCHAIN_PASSPHRASE_FILE gave an empty passphrase: it cannot unlock the file keychain ${path}.`,
      {
        hint: 'A pipe or process substitution can be read only once: give it again, or point the variable at a file holding the passphrase.',
        code: 'KeychainNoPassphrase',
      },
    )
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

function wrongPassphrase(path: string, from: 'env' | 'file' | 'prompt'): LocalEnvError {
  if (from === 'file')
    return new LocalEnvError(
      `Cannot unlock the file keychain ${path}: SECRETS_KEYCHAIN_PASSPHRASE_FILE does not hold its passphrase, or the file was modified.`,
      {
        hint: 'Check the file (one trailing newline is ignored). The keychain is left untouched.',
        code: 'KeychainLocked',
      },
    )
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
