import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FileKeychain, openKeychain } from '../../../src/core/keychain/index.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'file-keychain-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const keychain = (passphrase = 'correct horse') =>
  new FileKeychain(join(dir, 'keychain.enc'), { passphrase: async () => passphrase })

describe('FileKeychain', () => {
  it('stores, lists and deletes items, encrypted', async () => {
    const k = keychain()
    await k.set('sso-session:dev', 'token-canary-123')
    await k.set('other', 'x')
    expect(await keychain().get('sso-session:dev')).toBe('token-canary-123')
    expect((await keychain().list()).sort()).toEqual(['other', 'sso-session:dev'])
    expect(await k.delete('other')).toBe(true)
    expect(await k.delete('other')).toBe(false)
    const raw = readFileSync(join(dir, 'keychain.enc'), 'utf8')
    expect(raw).not.toContain('token-canary-123')
    expect(raw).not.toContain('sso-session')
  })

  it('refuses a wrong passphrase and leaves the file as it was', async () => {
    await keychain().set('a', 'b')
    const before = readFileSync(join(dir, 'keychain.enc'), 'utf8')
    await expect(keychain('wrong').get('a')).rejects.toMatchObject({ exitCode: 5, code: 'KeychainLocked' })
    await expect(keychain('wrong').set('c', 'd')).rejects.toMatchObject({ code: 'KeychainLocked' })
    expect(readFileSync(join(dir, 'keychain.enc'), 'utf8')).toBe(before)
  })

  it('refuses a downgraded KDF parameter (authenticated header)', async () => {
    await keychain().set('a', 'b')
    const file = JSON.parse(readFileSync(join(dir, 'keychain.enc'), 'utf8'))
    // The test cost is 2^14; any change of the authenticated N is refused, a lower one included.
    file.kdf.N = file.kdf.N === 16384 ? 32768 : 16384
    writeFileSync(join(dir, 'keychain.enc'), JSON.stringify(file))
    await expect(keychain().get('a')).rejects.toMatchObject({ code: 'KeychainLocked' })
  })

  it('refuses a corrupted file', async () => {
    writeFileSync(join(dir, 'keychain.enc'), '{"format":"nope"}')
    await expect(keychain().get('a')).rejects.toMatchObject({ code: 'KeychainCorrupt', exitCode: 5 })
  })
})

describe('openKeychain', () => {
  it('needs a passphrase when there is no terminal, naming both remedies', async () => {
    const k = openKeychain({ env: { SECRETS_KEYCHAIN: 'file', XDG_CONFIG_HOME: dir } })
    await expect(k.set('a', 'b')).rejects.toThrow(/passphrase/)
    await expect(k.set('a', 'b')).rejects.toMatchObject({
      exitCode: 5,
      hint: expect.stringMatching(
        /SECRETS_KEYCHAIN_PASSPHRASE.*gnome-keyring|gnome-keyring.*SECRETS_KEYCHAIN=file/s,
      ),
    })
  })

  it('rejects an unknown keychain kind', () => {
    expect(() => openKeychain({ env: { SECRETS_KEYCHAIN: 'plaintext' } })).toThrow(/not a keychain/)
  })
})
