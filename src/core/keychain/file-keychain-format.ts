import { existsSync, realpathSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { resolve, sep } from 'node:path'
import { writeFileAtomic } from '../../shared/atomic-file.js'
import { LocalEnvError, systemErrorCode } from '../../shared/errors.js'
import { nodeCrypto } from '../../shared/lazy-modules.js'
import { parseJsonOrUndefined } from '../../shared/json.js'

/**
 * The file keychain's on-disk format, shared by the CLI's FileKeychain and the unlock agent
 * (which decrypts and encrypts items itself and never hands its key out): one JSON file,
 * AES-256-GCM over the whole item map, key = scrypt(passphrase, salt) with the KDF
 * parameters authenticated as associated data so they cannot be downgraded. The header also
 * records when the key (its salt) was made, for `rotate --check`: authenticated the same way,
 * absent in files from before it was kept (their key's age is unknown until `secrets rekey`).
 */

const FORMAT = 'secrets-file-keychain'

export interface KdfCost {
  N: number
  r: number
  p: number
}

/**
 * The scrypt cost of every new write (issue #19 item 15): N=2^17, r=8, p=1 (128 MiB, ~0.4 s
 * here), above OWASP's 2^17 recommendation for scrypt. Files written at a lower cost (2^15
 * before) still open; they are re-wrapped at this cost by the next write of a process that was
 * given the passphrase.
 */
export const PRODUCTION_KDF: KdfCost = { N: 2 ** 17, r: 8, p: 1 }

/**
 * The test suite's cost (N=2^14): a test-only setting, used only when
 * SECRETS_TEST_ONLY_CHEAP_KDF=1 AND the keychain file lives under the OS temp directory, where
 * no real keychain is kept (tests make their HOMEs there). Production cannot reach it by a
 * stray variable alone; test/security/agent-keys.test.ts proves the production cost.
 */
const TEST_ONLY_KDF: KdfCost = { N: 2 ** 14, r: 8, p: 1 }

export function writeCost(path: string, env: NodeJS.ProcessEnv = process.env): KdfCost {
  if (env.SECRETS_TEST_ONLY_CHEAP_KDF !== '1') return PRODUCTION_KDF
  try {
    const temp = realpathSync(tmpdir())
    // The nearest directory that exists (a new keychain's directory is made at its first write).
    let dir = resolve(path, '..')
    while (!existsSync(dir) && dir !== resolve(dir, '..')) dir = resolve(dir, '..')
    return realpathSync(dir).startsWith(temp + sep) ? TEST_ONLY_KDF : PRODUCTION_KDF
  } catch {
    return PRODUCTION_KDF
  }
}

/** True when a key derived at `cost` is weaker than what new writes use. */
export function belowCost(cost: KdfCost, wanted: KdfCost): boolean {
  return cost.N < wanted.N || cost.r < wanted.r
}

interface FileKeychainHeader {
  format: typeof FORMAT
  version: 1
  kdf: {
    name: 'scrypt'
    N: number
    r: number
    p: number
    salt: string
    /** When this salt, so this key, was made (ISO 8601); absent in older files. */
    created?: string
  }
}
export interface FileKeychainFile extends FileKeychainHeader {
  iv: string
  tag: string
  data: string
}

/** A derived key and what it belongs to: the salt and the cost it was derived with. */
export interface DerivedKey {
  salt: string
  key: Buffer
  kdf: KdfCost
}

export function derive(passphrase: string, salt: string, params: KdfCost): Promise<Buffer> {
  return new Promise((done, fail) =>
    nodeCrypto().scrypt(
      passphrase,
      Buffer.from(salt, 'base64'),
      32,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * 1024 * 1024 },
      (error, key) => (error ? fail(error) : done(key)),
    ),
  )
}

export function newSalt(): string {
  return nodeCrypto().randomBytes(16).toString('base64')
}

/** The file, or undefined when there is none. */
export async function readKeychainFile(path: string): Promise<FileKeychainFile | undefined> {
  let raw: string
  try {
    raw = await readFile(path, 'utf8')
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') return undefined
    throw new LocalEnvError(`Cannot read the file keychain ${path}: ${systemErrorCode(error) ?? 'error'}`, {
      cause: error,
    })
  }
  return parseFile(raw, path)
}

/** The item map, or undefined when the key does not open the file (wrong key, or modified). */
export function decryptItems(file: FileKeychainFile, key: Buffer): Record<string, string> | undefined {
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

/**
 * The file's bytes for `items` under `key` (a fresh IV each time); `created`: when the key's
 * salt was made (omitted: not recorded, as in files from before it was kept).
 */
export function encryptItems(items: Record<string, string>, key: DerivedKey, created?: string): string {
  const header: FileKeychainHeader = {
    format: FORMAT,
    version: 1,
    kdf: {
      name: 'scrypt',
      N: key.kdf.N,
      r: key.kdf.r,
      p: key.kdf.p,
      salt: key.salt,
      ...(created !== undefined ? { created } : {}),
    },
  }
  const iv = nodeCrypto().randomBytes(12)
  const cipher = nodeCrypto().createCipheriv('aes-256-gcm', key.key, iv)
  cipher.setAAD(Buffer.from(headerAad(header)))
  const data = Buffer.concat([cipher.update(JSON.stringify(items), 'utf8'), cipher.final()])
  const file: FileKeychainFile = {
    ...header,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  }
  return `${JSON.stringify(file)}\n`
}

/**
 * Writes the items atomically (temp sibling, fsync, rename): a reader sees the old file or the
 * new. The key's creation time: the current file's when it has the same salt (the same key;
 * none when that file predates the record), else now (a new keychain, a re-key, a re-wrap at a
 * higher cost: each a new salt). Callers hold the keychain's lock.
 */
export async function writeKeychainFile(
  path: string,
  items: Record<string, string>,
  key: DerivedKey,
): Promise<void> {
  const current = await readKeychainFile(path).catch(() => undefined)
  const created = current?.kdf.salt === key.salt ? current.kdf.created : new Date().toISOString()
  await writeFileAtomic(path, encryptItems(items, key, created))
}

/**
 * The age record of the file keychain's own key, read from its header (no passphrase needed):
 * `exists` false when there is no file; `created` absent for a file from before it was kept.
 */
export async function keychainKeyCreated(path: string): Promise<{ exists: boolean; created?: string }> {
  const file = await readKeychainFile(path)
  if (!file) return { exists: false }
  return { exists: true, ...(file.kdf.created !== undefined ? { created: file.kdf.created } : {}) }
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
    // Only when recorded: older files keep the associated data they were written with.
    ...(header.kdf.created !== undefined ? [header.kdf.created] : []),
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
    !(file.kdf.created === undefined || !Number.isNaN(Date.parse(String(file.kdf.created)))) ||
    !(file.kdf.N >= 16384 && file.kdf.N <= 1048576) ||
    !(file.kdf.r >= 1 && file.kdf.r <= 32) ||
    !(file.kdf.p >= 1 && file.kdf.p <= 4)
  ) {
    throw new LocalEnvError(`The file keychain ${path} is corrupted or not a secrets keychain.`, {
      hint: 'Restore it from a backup, or move it aside to start a new, empty keychain.',
      code: 'KeychainCorrupt',
    })
  }
  return file as FileKeychainFile
}
