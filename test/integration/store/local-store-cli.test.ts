import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli, tempHome } from '../../helpers/cli.js'

const homes: { remove(): void }[] = []
afterAll(() => homes.forEach((h) => h.remove()))

/** Every file under dir, recursively. */
function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(join(dir, e.name)) : [join(dir, e.name)],
  )
}

describe.each(['file', 'os'] as const)('local store with the %s keychain', (keychain) => {
  it('works end to end and leaves no plaintext on disk', async () => {
    const home = tempHome({ keychain })
    homes.push(home)
    const secret = `canary-${keychain}-9f8e7d6c5b4a`
    const set = await runCli(['set', '/app/dev/token'], { env: home.env, input: secret })
    expect(set.exitCode, String(set.stderr)).toBe(0)
    const get = await runCli(['get', '/app/dev/token'], { env: home.env })
    expect(get.stdout).toBe(secret)
    const json = await runCli(['get', '/app/dev/token', '--json'], { env: home.env })
    expect(JSON.parse(String(json.stdout))).toMatchObject({
      path: '/app/dev/token',
      version: 1,
      value: '****5b4a',
    })
    const list = await runCli(['list', '--json'], { env: home.env })
    expect(String(list.stdout)).not.toContain(secret)
    for (const file of allFiles(home.dir)) {
      expect(readFileSync(file).includes(Buffer.from(secret)), file).toBe(false)
    }
    const store = join(home.dir, '.config', 'secrets', 'store.enc')
    expect(statSync(store).mode & 0o777).toBe(0o600)
  })
})

describe('keychain availability', () => {
  it('fails with exit 5 naming both remedies when no OS keychain is reachable', async () => {
    const home = tempHome({ keychain: 'os' })
    homes.push(home)
    const r = await runCli(['set', '/a/b'], {
      env: { ...home.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home.dir, 'no-bus')}` },
      input: 'value-that-must-not-leak',
    })
    expect(r.exitCode).toBe(5)
    expect(r.stderr).toMatch(/OS keychain is not usable/)
    expect(r.stderr).toMatch(/gnome-keyring/)
    expect(r.stderr).toMatch(/SECRETS_KEYCHAIN=file/)
    expect(r.stderr).not.toContain('value-that-must-not-leak')
    expect(allFiles(home.dir).filter((f) => f.endsWith('store.enc'))).toEqual([])
  })

  it('refuses an empty value and reads the value only from stdin', async () => {
    const home = tempHome()
    homes.push(home)
    const r = await runCli(['set', '/a/b'], { env: home.env, input: '' })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('Empty value')
    const extra = await runCli(['set', '/a/b', 'value-in-argv'], { env: home.env, input: 'x' })
    expect(extra.exitCode).toBe(2)
  })
})
