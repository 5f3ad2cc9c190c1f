import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  agentStatus,
  FileKeychain,
  rekeyFileKeychain,
  unlockAgent,
} from '../../../src/core/keychain/index.js'
import { decryptItems, derive, readKeychainFile } from '../../../src/core/keychain/file-keychain-format.js'
import { BIN, ROOT, runCli, tempHome, type TempHome } from '../../helpers/cli.js'

/**
 * rekeyFileKeychain (issue #21, the file keychain half of `secrets rekey`): a fresh salt and a
 * new key, optionally a new passphrase; a kill -9 after every step, and at moments inside the
 * atomic write, leaves the old file or the new one, readable with its own passphrase, never
 * neither; the old key does not open the new file; the unlock agent forgets the old key.
 */
const OLD = 'rekey-old-passphrase'
const NEW = 'rekey-new-passphrase-2'
const STEP = join(ROOT, 'test', 'fixtures', 'security', 'rekey-step.mjs')
let home: TempHome
beforeEach(async () => {
  home = tempHome()
  const seeded = await runCli(['set', '--store', 'local', '/app/k'], {
    env: { ...home.env, SECRETS_KEYCHAIN_PASSPHRASE: OLD },
    input: 'value-canary-rekey',
  })
  expect(seeded.exitCode, String(seeded.stderr)).toBe(0)
})
afterEach(() => home.remove())

const keychainFile = () => join(home.env.XDG_CONFIG_HOME as string, 'secrets', 'keychain.enc')
const openWith = (passphrase: string) =>
  new FileKeychain(keychainFile(), { passphrase: async () => passphrase }).list().then(
    (names) => names,
    () => undefined,
  )

function rekeyProcess(killAt: string) {
  return execa('node', [STEP, join(ROOT, 'dist'), keychainFile(), OLD, NEW, killAt], {
    reject: false,
    cwd: ROOT,
    env: { ...process.env, ...home.env },
  })
}

describe('rekeyFileKeychain', { timeout: 120_000 }, () => {
  it.each(['opened', 'derived', 'written', 'forgotten', 'none'])(
    'killed with SIGKILL after %s: the old file or the new one, readable, never neither',
    async (step) => {
      const names = await openWith(OLD)
      const result = await rekeyProcess(step)
      if (step !== 'none') expect(result.signal).toBe('SIGKILL')
      else expect(result.stdout).toMatch(/done/)
      const [withOld, withNew] = [await openWith(OLD), await openWith(NEW)]
      expect(Boolean(withOld) !== Boolean(withNew), `old ${withOld} new ${withNew}`).toBe(true)
      expect(withOld ?? withNew).toEqual(names)
      // The steps up to the file's replace leave the old one, those after it the new one.
      const replaced = step === 'written' || step === 'forgotten' || step === 'none'
      expect(Boolean(withNew)).toBe(replaced)
    },
  )

  it('killed from outside at moments inside the atomic write: still old or new, never neither', async () => {
    const names = await openWith(OLD)
    let passphrase = OLD
    for (const delayMs of [0, 2, 6]) {
      const next = passphrase === OLD ? NEW : OLD
      const child = execa('node', [STEP, join(ROOT, 'dist'), keychainFile(), passphrase, next, 'never'], {
        reject: false,
        cwd: ROOT,
        env: { ...process.env, ...home.env },
      })
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('derived')) setTimeout(() => child.kill('SIGKILL'), delayMs)
      })
      await child
      const [withOld, withNew] = [await openWith(passphrase), await openWith(next)]
      expect(Boolean(withOld) !== Boolean(withNew)).toBe(true)
      expect(withOld ?? withNew).toEqual(names)
      if (withNew) passphrase = next
    }
  })

  it('the old key does not open the new file, and the value is kept', async () => {
    const before = await readKeychainFile(keychainFile())
    const oldKey = await derive(OLD, before!.kdf.salt, before!.kdf)
    await rekeyFileKeychain({ path: keychainFile(), passphrase: async () => OLD })
    const after = await readKeychainFile(keychainFile())
    expect(after!.kdf.salt).not.toBe(before!.kdf.salt)
    expect(decryptItems(after!, oldKey)).toBeUndefined()
    // The same passphrase, a new key: the local store's value still reads.
    const got = await runCli(['get', '--store', 'local', '/app/k'], {
      env: { ...home.env, SECRETS_KEYCHAIN_PASSPHRASE: OLD },
    })
    expect(got.stdout).toBe('value-canary-rekey')
  })

  it('a weak new passphrase is refused and nothing changes', async () => {
    const raw = readFileSync(keychainFile(), 'utf8')
    await expect(
      rekeyFileKeychain({ path: keychainFile(), passphrase: async () => OLD, newPassphrase: 'short' }),
    ).rejects.toMatchObject({ exitCode: 5, code: 'KeychainWeakPassphrase' })
    expect(readFileSync(keychainFile(), 'utf8')).toBe(raw)
  })

  it('the unlock agent forgets the old key', async () => {
    const runtime = join(home.dir, 'run')
    mkdirSync(runtime, { mode: 0o700 })
    const passFile = join(home.dir, 'passphrase')
    writeFileSync(passFile, OLD, { mode: 0o600 })
    const env: Record<string, string> = {
      ...home.env,
      XDG_RUNTIME_DIR: runtime,
      SECRETS_KEYCHAIN_PASSPHRASE_FILE: passFile,
    }
    delete env.SECRETS_KEYCHAIN_PASSPHRASE
    const first = await execa('node', [BIN, 'get', '--store', 'local', '/app/k'], {
      env,
      reject: false,
      detached: true,
      stdin: 'ignore',
    })
    expect(first.stdout).toBe('value-canary-rekey')
    let status
    for (let i = 0; i < 50 && !(status = await agentStatus(env)); i++)
      await new Promise((r) => setTimeout(r, 100))
    expect(status?.entries).toBe(1)
    const unlock = unlockAgent({ env, entry: join(ROOT, 'dist', 'cli', 'unlock-agent-main.js') })
    await rekeyFileKeychain({ path: keychainFile(), passphrase: async () => OLD, newPassphrase: NEW, unlock })
    // It held only that key: having forgotten it, it has stopped.
    for (let i = 0; i < 50 && (await agentStatus(env)); i++) await new Promise((r) => setTimeout(r, 100))
    expect(await agentStatus(env)).toBeUndefined()
    const after = await execa('node', [BIN, 'get', '--store', 'local', '/app/k'], {
      env: { ...env, SECRETS_KEYCHAIN_PASSPHRASE_FILE: '' },
      reject: false,
      detached: true,
      stdin: 'ignore',
    })
    expect(after.exitCode).toBe(5)
  })
})

describe('secrets rekey with the file keychain', { timeout: 120_000 }, () => {
  it('replaces the keychain key too (fresh salt), and every value still reads', async () => {
    const env = { ...home.env, SECRETS_KEYCHAIN_PASSPHRASE: OLD }
    const before = await readKeychainFile(keychainFile())
    const oldKey = await derive(OLD, before!.kdf.salt, before!.kdf)
    const rekeyed = await runCli(['rekey'], { env })
    expect(rekeyed.exitCode, String(rekeyed.stderr)).toBe(0)
    const after = await readKeychainFile(keychainFile())
    expect(after!.kdf.salt).not.toBe(before!.kdf.salt)
    expect(decryptItems(after!, oldKey)).toBeUndefined()
    const got = await runCli(['get', '--store', 'local', '/app/k'], { env })
    expect(got.stdout).toBe('value-canary-rekey')
  })

  it('--passphrase without a terminal is refused and nothing changes', async () => {
    const raw = readFileSync(keychainFile(), 'utf8')
    const result = await runCli(['rekey', '--passphrase'], {
      env: { ...home.env, SECRETS_KEYCHAIN_PASSPHRASE: OLD },
    })
    expect(result.exitCode).toBe(2)
    expect(String(result.stderr)).toMatch(/terminal/)
    expect(readFileSync(keychainFile(), 'utf8')).toBe(raw)
  })
})
