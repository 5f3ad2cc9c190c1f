import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  decryptItems,
  derive,
  encryptItems,
  keychainKeyCreated,
  newSalt,
  readKeychainFile,
  writeKeychainFile,
  type DerivedKey,
} from '../../../src/core/keychain/file-keychain-format.js'
import { MemoryKeychain } from '../../../src/core/keychain/index.js'
import { checkRotations } from '../../../src/core/rotate/rotation-check.js'
import { parseRotationPolicy } from '../../../src/core/rotate/rotation-policy.js'

// `rotate --check` reports the file keychain's own scrypt-derived key: its header records
// when the key (its salt) was made, authenticated with the ciphertext; a file from before the
// record shows "age unknown" until a write with a new salt (`secrets rekey`).

const COST = { N: 2 ** 14, r: 8, p: 1 }
const ITEMS = { 'secrets-cli/item': 'kept-value-123456' }
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString()
let dir: string
let key: DerivedKey
let other: DerivedKey
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fk-age-'))
  const salt = newSalt()
  key = { salt, key: await derive('a passphrase of words', salt, COST), kdf: COST }
  const salt2 = newSalt()
  other = { salt: salt2, key: await derive('a passphrase of words', salt2, COST), kdf: COST }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function row(path: string) {
  const statuses = await checkRotations(
    { policy: parseRotationPolicy({}, 'f'), now: new Date() },
    {
      keychain: () => new MemoryKeychain(),
      store: () => {
        throw new Error('no store here')
      },
      dataKeys: async () => {
        const age = await keychainKeyCreated(path)
        return age.exists
          ? [{ name: 'file-keychain-key', ...(age.created ? { created: age.created } : {}) }]
          : []
      },
    },
  )
  return statuses.map((s) => [s.kind, s.name, s.id, s.ageDays, s.maxAgeDays, s.overdue])
}

describe('the file keychain key in rotate --check', () => {
  it.each<[string, (path: string) => Promise<void>, unknown[][]]>([
    ['no keychain file: no row', async () => {}, []],
    [
      'a new keychain: made now',
      (path) => writeKeychainFile(path, ITEMS, key),
      [['data-key', 'file-keychain-key', 'aes-256-gcm', 0, 90, false]],
    ],
    [
      'a key made 100 days ago: overdue against the default 90 days',
      async (path) => writeFileSync(path, encryptItems(ITEMS, key, daysAgo(100))),
      [['data-key', 'file-keychain-key', 'aes-256-gcm', 100, 90, true]],
    ],
    [
      'a write with the same salt keeps the creation time',
      async (path) => {
        writeFileSync(path, encryptItems(ITEMS, key, daysAgo(100)))
        await writeKeychainFile(path, { ...ITEMS, more: 'x' }, key)
      },
      [['data-key', 'file-keychain-key', 'aes-256-gcm', 100, 90, true]],
    ],
    [
      'a file from before the record: age unknown',
      async (path) => writeFileSync(path, encryptItems(ITEMS, key)),
      [['data-key', 'file-keychain-key', 'aes-256-gcm (age unknown)', 0, 90, false]],
    ],
    [
      'a file from before the record, written again with its key: still unknown',
      async (path) => {
        writeFileSync(path, encryptItems(ITEMS, key))
        await writeKeychainFile(path, ITEMS, key)
      },
      [['data-key', 'file-keychain-key', 'aes-256-gcm (age unknown)', 0, 90, false]],
    ],
    [
      're-keyed (a new salt): made now',
      async (path) => {
        writeFileSync(path, encryptItems(ITEMS, key, daysAgo(100)))
        await writeKeychainFile(path, ITEMS, other)
      },
      [['data-key', 'file-keychain-key', 'aes-256-gcm', 0, 90, false]],
    ],
  ])('%s', async (_name, make, expected) => {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.enc`)
    await make(path)
    expect(await row(path)).toEqual(expected)
    const file = await readKeychainFile(path)
    if (file) expect(decryptItems(file, file.kdf.salt === key.salt ? key.key : other.key)).toBeDefined()
  })

  it.each<[string, (kdf: Record<string, unknown>) => void]>([
    ['made younger', (kdf) => (kdf.created = new Date().toISOString())],
    ['its record removed', (kdf) => delete kdf.created],
  ])('the creation time is authenticated: a file with it %s does not open', async (_name, tamper) => {
    const path = join(dir, 'tampered.enc')
    writeFileSync(path, encryptItems(ITEMS, key, daysAgo(100)))
    const json = JSON.parse(readFileSync(path, 'utf8')) as { kdf: Record<string, unknown> }
    tamper(json.kdf)
    writeFileSync(path, JSON.stringify(json))
    const file = await readKeychainFile(path)
    expect(file && decryptItems(file, key.key)).toBeUndefined()
  })
})
