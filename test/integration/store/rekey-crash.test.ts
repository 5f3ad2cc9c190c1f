import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, describe, expect, it } from 'vitest'
import { FileKeychain, KeychainItem } from '../../../src/core/keychain/index.js'
import { REKEY_STEPS, rekeyLocalData } from '../../../src/core/rekey/index.js'
import { RunCache } from '../../../src/core/run/index.js'
import { LocalStore, openSealedBox, readDataKeyRecord } from '../../../src/core/store/index.js'
import { ROOT } from '../../helpers/cli.js'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const scope = { store: 'ssm', prefix: '/crash', identity: 'test' }
const parameter = {
  path: '/crash/cached',
  value: 'cached-value',
  version: 4,
  lastModified: new Date(0),
  type: 'SecureString' as const,
}

/** A store with an anchor and a cache with one entry, under a file keychain. */
async function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'rekey-crash-'))
  dirs.push(dir)
  const keychainFile = join(dir, 'keychain.enc')
  const file = join(dir, 'store.enc')
  const cacheDir = join(dir, 'run')
  const keychain = () => new FileKeychain(keychainFile, { passphrase: async () => 'crash-test' })
  const open = () => {
    const k = keychain()
    return { store: new LocalStore({ keychain: k, file }), cache: new RunCache(cacheDir, () => k), k }
  }
  await open().store.put('/crash/anchor', 'must-survive')
  await open().cache.write(scope, { fetchedAt: new Date(), parameters: [parameter] })
  const k = keychain()
  const oldStoreKey = (await readDataKeyRecord(k, KeychainItem.localStoreKey))?.key
  const oldCacheKey = (await readDataKeyRecord(k, KeychainItem.runCacheKey))?.key
  return { dir, file, cacheDir, keychainFile, open, oldStoreKey, oldCacheKey }
}

/** True when `key` opens the file (a store envelope or a cache entry). */
function opens(
  key: Buffer | undefined,
  path: string,
  aad: (envelope: Record<string, unknown>) => string,
): boolean {
  const envelope = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
  try {
    openSealedBox(key ?? Buffer.alloc(32), envelope as never, aad(envelope))
    return true
  } catch {
    return false
  }
}
const storeAad = (e: Record<string, unknown>) => `secrets-local-store/2/generation=${String(e.generation)}`

async function expectReadable(setup: Awaited<ReturnType<typeof setUp>>) {
  const { store, cache } = setup.open()
  expect((await store.get('/crash/anchor'))?.value).toBe('must-survive')
  expect((await cache.read(scope))?.parameters[0]?.value).toBe('cached-value')
}

describe('secrets rekey crash safety', () => {
  it.each(REKEY_STEPS)(
    'killed -9 after %s: old or new state, readable; finishing drops the old keys',
    async (step) => {
      const setup = await setUp()
      const child = execa(
        'node',
        [join(ROOT, 'test/fixtures/store/rekeyer.mjs'), join(ROOT, 'dist'), setup.file, setup.cacheDir, step],
        { env: { ...process.env, KEYCHAIN_FILE: setup.keychainFile }, reject: false },
      )
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`never reached ${step}`)), 30_000)
        child.stdout?.on('data', (d: Buffer) => {
          if (String(d).includes(`at ${step}`)) {
            clearTimeout(timer)
            resolve()
          }
        })
      })
      child.kill('SIGKILL')
      await child
      await expectReadable(setup)
      // Steps after the store was written: the old key no longer opens it.
      const storeDone = REKEY_STEPS.indexOf(step) >= REKEY_STEPS.indexOf('store-written')
      expect(opens(setup.oldStoreKey, setup.file, storeAad)).toBe(!storeDone)
      // A later rekey finishes the job from whatever state the crash left.
      const { store, cache, k } = setup.open()
      await rekeyLocalData({ store, cache, keychain: () => k, now: () => new Date() })
      await expectReadable(setup)
      expect(opens(setup.oldStoreKey, setup.file, storeAad)).toBe(false)
      const entry = readdirSync(setup.cacheDir).find((n) => n.endsWith('.enc')) ?? ''
      expect(
        opens(
          setup.oldCacheKey,
          join(setup.cacheDir, entry),
          () => `secrets-run-cache/1/${entry.slice(0, -4)}`,
        ),
      ).toBe(false)
      // The old keys are gone from the keychain item: only the new key is kept.
      const records = [
        await readDataKeyRecord(k, KeychainItem.localStoreKey),
        await readDataKeyRecord(k, KeychainItem.runCacheKey),
      ]
      expect(records.map((r) => r?.previous)).toEqual([undefined, undefined])
      expect(records[0]?.key.equals(setup.oldStoreKey ?? Buffer.alloc(0))).toBe(false)
      expect(records[1]?.key.equals(setup.oldCacheKey ?? Buffer.alloc(0))).toBe(false)
    },
    90_000,
  )
})
