import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { BIN, ROOT, filesUnder, runCli, tempHome, type TempHome } from '../../helpers/cli.js'
import { privateKeyring } from '../../helpers/private-keyring.js'

// Several real CLI processes per test on a shared, loaded machine (scrypt, Secret Service).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 })

// The OS keychain when it cannot be used: no D-Bus session (SSH, containers, cron), a locked
// keyring, and — told apart from both — a reachable keychain that lacks the item. Real CLI
// processes against a real gnome-keyring; nothing on disk may change in any of these cases,
// and only the last may suggest moving a store aside.

const VALUE = 'os-keychain-fault-value-41c7'
const homes: TempHome[] = []
afterAll(() => homes.forEach((h) => h.remove()))

/** A home whose local store holds VALUE, its key in the OS keychain of `env`'s D-Bus session. */
async function homeWithStore(extraEnv: Record<string, string> = {}) {
  const home = tempHome({ keychain: 'os' })
  homes.push(home)
  const env = { ...home.env, ...extraEnv }
  const set = await runCli(['set', '/app/dev/db'], { env, input: VALUE })
  expect(set.exitCode, String(set.stderr)).toBe(0)
  expect(existsSync(join(home.dir, '.config', 'secrets', 'store.enc'))).toBe(true)
  return { home, env }
}

/** runCli, but with `unset` names removed from the environment the test itself runs in. */
function runCliWithout(unset: string[], args: string[], env: Record<string, string>, input?: string) {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_)/.test(k) && !unset.includes(k)),
  )
  const full = { ...base, ...env }
  for (const name of unset) delete full[name]
  return execa('node', [BIN, ...args], {
    env: full,
    extendEnv: false,
    reject: false,
    cwd: ROOT,
    timeout: 60_000,
    ...(input !== undefined ? { input } : { stdin: 'ignore' as const }),
  })
}

function expectNoSecret(result: { stdout: unknown; stderr: unknown }) {
  expect(`${String(result.stdout)}${String(result.stderr)}`).not.toContain(VALUE)
}

describe('no D-Bus session: the keychain is unreachable, not empty', () => {
  const noBus = (home: TempHome): Record<string, string> => {
    const runtime = join(home.dir, 'runtime')
    mkdirSync(runtime, { recursive: true })
    return { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home.dir, 'no-bus')}`, XDG_RUNTIME_DIR: runtime }
  }

  it.each([
    ['DBUS_SESSION_BUS_ADDRESS pointing nowhere', false],
    ['DBUS_SESSION_BUS_ADDRESS unset', true],
  ])('%s: get and set exit 5 with the way to reach it; nothing moves', async (_name, unset) => {
    const { home, env } = await homeWithStore()
    const faulty: Record<string, string> = { ...env, ...noBus(home) }
    const before = filesUnder(home.dir)
    for (const [args, input] of [
      [['get', '/app/dev/db'], undefined],
      [['list', '/app'], undefined],
      [['set', '/app/dev/other'], 'another-value'],
      [['run', '--path', '/app/dev', '--', 'true'], undefined],
    ] as const) {
      const result = await runCliWithout(unset ? ['DBUS_SESSION_BUS_ADDRESS'] : [], [...args], faulty, input)
      const expected = args[0] === 'run' ? 125 : 5
      expect(result.exitCode, `${args.join(' ')}: ${String(result.stderr)}`).toBe(expected)
      expect(result.stderr).toMatch(/OS keychain is not usable \(read\): it cannot be reached/)
      expect(result.stderr).toContain('dbus-run-session')
      expect(result.stderr).toContain('SECRETS_KEYCHAIN=file')
      expect(result.stderr).not.toMatch(/move (the file|it) aside/)
      expect(result.stderr).not.toContain('is not in the os keychain')
      expectNoSecret(result)
    }
    expect(filesUnder(home.dir)).toEqual(before)
    // Back in the session, the store and its key are intact.
    const again = await runCli(['get', '/app/dev/db'], { env })
    expect(again.exitCode, String(again.stderr)).toBe(0)
    expect(String(again.stdout)).toBe(VALUE)
  })
})

describe('a reachable keychain without the item', () => {
  it('says the key is missing and only then suggests moving the store aside; nothing moves', async () => {
    const { home, env } = await homeWithStore()
    const before = filesUnder(home.dir)
    // Another service name: the same Secret Service, which answers and has no such item.
    const other = { ...env, SECRETS_KEYCHAIN_SERVICE: `${env.SECRETS_KEYCHAIN_SERVICE}-other` }
    const result = await runCli(['get', '/app/dev/db'], { env: other })
    expect(result.exitCode, String(result.stderr)).toBe(5)
    expect(result.stderr).toContain('exists but its key is not in the os keychain (the keychain answered')
    expect(result.stderr).toContain('move the file aside')
    expect(result.stderr).not.toContain('cannot be reached')
    expectNoSecret(result)
    expect(filesUnder(home.dir)).toEqual(before)
  })
})

describe('a locked keyring', () => {
  it('exits 5 saying it is locked and how to unlock it; nothing moves', async () => {
    const dir = tempHome({ keychain: 'os' })
    homes.push(dir)
    const keyring = await privateKeyring(dir.dir)
    try {
      // No unlock agent: it would still hold the data key read while the store was made (the
      // agent is the session's unlock, and `secrets lock` is what forgets it); this test is
      // about the keyring itself being locked.
      const { home, env } = await homeWithStore({
        DBUS_SESSION_BUS_ADDRESS: keyring.address,
        SECRETS_UNLOCK_TTL: '0',
      })
      await keyring.lock()
      const before = filesUnder(home.dir)
      for (const args of [
        ['get', '/app/dev/db'],
        ['run', '--path', '/app/dev', '--', 'true'],
      ]) {
        const result = await runCli(args, { env, timeout: 30_000 })
        expect(result.exitCode, `${args.join(' ')}: ${String(result.stderr)}`).toBe(
          args[0] === 'run' ? 125 : 5,
        )
        expect(result.stderr).toMatch(/OS keychain is not usable \(read\): it is locked/)
        expect(result.stderr).toContain('gnome-keyring-daemon --replace --unlock')
        expect(result.stderr).toContain('SECRETS_KEYCHAIN=file')
        expect(result.stderr).not.toMatch(/move (the file|it) aside/)
        expectNoSecret(result)
      }
      expect(filesUnder(home.dir)).toEqual(before)
    } finally {
      keyring.stop()
    }
  })
})
