import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PRODUCTION_KDF } from '../../src/core/keychain/index.js'
import { runCli, tempHome, type TempHome } from '../helpers/cli.js'

/**
 * Issue #19 item 15: the file keychain's scrypt cost. The old code wrote N=2^15 (r=8): a
 * stolen keychain.enc cost an attacker a quarter of what it costs now per guess. New writes use
 * N=2^17, r=8 (read from the file's own header here, as an attacker would); a file written at
 * the old cost still opens and is re-wrapped at the new one by the next write. The suite's
 * cheaper test-only cost (SECRETS_TEST_ONLY_CHEAP_KDF) is not reachable for a keychain outside
 * the OS temp directory, even with the variable set.
 */
const PASSPHRASE = 'kdf-test-passphrase-ok'
let home: TempHome
let elsewhere: string
beforeEach(() => {
  home = tempHome()
  // A temp dir for the CLI that does not contain HOME: to the CLI, this keychain is "not in temp".
  elsewhere = mkdtempSync(join(tmpdir(), 'kdf-other-tmp-'))
})
afterEach(() => {
  home.remove()
  rmSync(elsewhere, { recursive: true, force: true })
})

const keychainFile = () => join(home.env.XDG_CONFIG_HOME as string, 'secrets', 'keychain.enc')
const header = () =>
  (JSON.parse(readFileSync(keychainFile(), 'utf8')) as { kdf: { N: number; r: number; p: number } }).kdf

describe('the file keychain scrypt cost', { timeout: 60_000 }, () => {
  it('new writes use N=2^17, r=8 even with the test-only variable set (keychain outside the temp dir)', async () => {
    const env = {
      ...home.env,
      SECRETS_KEYCHAIN_PASSPHRASE: PASSPHRASE,
      SECRETS_TEST_ONLY_CHEAP_KDF: '1',
      TMPDIR: elsewhere,
    }
    const set = await runCli(['set', '--store', 'local', '/app/k'], { env, input: 'v' })
    expect(set.exitCode, String(set.stderr)).toBe(0)
    expect(PRODUCTION_KDF).toEqual({ N: 131072, r: 8, p: 1 })
    expect(header()).toMatchObject({ N: 131072, r: 8, p: 1 })
  })

  it('an old N=2^15 file still opens, and the next write re-wraps it at N=2^17 with a fresh salt', async () => {
    const env = { ...home.env, SECRETS_KEYCHAIN_PASSPHRASE: PASSPHRASE, TMPDIR: elsewhere }
    delete (env as Record<string, string>).SECRETS_TEST_ONLY_CHEAP_KDF
    expect((await runCli(['set', '--store', 'local', '/app/k'], { env, input: 'v1' })).exitCode).toBe(0)
    // Rewrite it as the old code did: N=2^15, the same items, through the format module.
    const { decryptItems, derive, encryptItems, newSalt, readKeychainFile } =
      await import('../../src/core/keychain/file-keychain-format.js')
    const file = await readKeychainFile(keychainFile())
    const items = decryptItems(file!, await derive(PASSPHRASE, file!.kdf.salt, header()))
    const salt = newSalt()
    const old = { N: 32768, r: 8, p: 1 }
    writeFileSync(
      keychainFile(),
      encryptItems(items!, { salt, key: await derive(PASSPHRASE, salt, old), kdf: old }),
    )
    expect(header()).toMatchObject({ N: 32768 })
    const got = await runCli(['get', '--store', 'local', '/app/k'], { env })
    expect(got.stdout).toBe('v1')
    expect(header()).toMatchObject({ N: 32768 })
    // The next write of the keychain (any item: a login, a stored key), by a process given the passphrase.
    const { openKeychain } = await import('../../src/core/keychain/index.js')
    const savedTmp = process.env.TMPDIR
    process.env.TMPDIR = elsewhere
    try {
      await openKeychain({ env }).set('sso-session:dev', 'token')
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = savedTmp
    }
    expect(header()).toMatchObject({ N: 131072, r: 8 })
    expect((JSON.parse(readFileSync(keychainFile(), 'utf8')) as { kdf: { salt: string } }).kdf.salt).not.toBe(
      salt,
    )
    expect((await runCli(['get', '--store', 'local', '/app/k'], { env })).stdout).toBe('v1')
  })

  it('a weak SECRETS_KEYCHAIN_PASSPHRASE gets a warning with the reason (never the passphrase)', async () => {
    const env = { ...home.env, SECRETS_KEYCHAIN_PASSPHRASE: 'hunter2' }
    const set = await runCli(['set', '--store', 'local', '/app/k'], { env, input: 'v' })
    expect(set.exitCode).toBe(0)
    expect(set.stderr).toMatch(
      /warning: the file keychain passphrase from SECRETS_KEYCHAIN_PASSPHRASE is weak: it has 7 characters/,
    )
    expect(set.stderr).not.toContain('hunter2')
  })
})
