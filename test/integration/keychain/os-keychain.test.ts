import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { OsKeychain, openKeychain } from '../../../src/core/keychain/index.js'

// Runs inside scripts/test.sh's private D-Bus session with gnome-keyring: the real Secret Service.
describe('OsKeychain (Secret Service via gnome-keyring)', () => {
  const service = `secrets-test-os-${randomBytes(4).toString('hex')}`

  it('stores, lists and deletes items', async () => {
    const keychain = new OsKeychain(service)
    await keychain.set('sso-session:dev', '{"accessToken":"canary"}')
    await keychain.set('local-store-key', 'k')
    expect(await keychain.get('sso-session:dev')).toBe('{"accessToken":"canary"}')
    expect((await keychain.list()).sort()).toEqual(['local-store-key', 'sso-session:dev'])
    expect(await keychain.delete('sso-session:dev')).toBe(true)
    expect(await keychain.delete('sso-session:dev')).toBe(false)
    expect(await keychain.get('sso-session:dev')).toBeUndefined()
    await keychain.delete('local-store-key')
  })

  it('is what openKeychain gives by default', () => {
    expect(openKeychain({ env: {} }).kind).toBe('os')
  })
  // An unreachable Secret Service is tested through the CLI (a fresh process, so a fresh
  // D-Bus connection): test/integration/store/local-store-cli.test.ts.
})
