import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { filesUnder, runCli, tempHome, type TempHome } from '../../helpers/cli.js'

// Several real CLI processes per test on a shared, loaded machine (scrypt, Secret Service).
vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 })

// The file keychain's error paths (SECRETS_KEYCHAIN=file): a wrong, an empty and a missing
// passphrase, with no terminal to ask on. Each command exits with its documented code and a
// next step, prints no secret and no passphrase, and leaves every file as it was — no
// re-created keychain, no half-written store, no temp or lock file left behind. (How the
// passphrase is asked for and confirmed is the prompt flow's business, not tested here.)

const VALUE = 'file-keychain-fault-value-93be'
const GOOD = 'the-right-passphrase-5d21'
const WRONG = 'a-wrong-passphrase-0c77'
let home: TempHome
let env: Record<string, string>

beforeAll(async () => {
  home = tempHome()
  // No unlock agent: after the good unlock below it would answer for the keychain, and these
  // tests are about what the passphrase itself does (the agent has its own tests).
  env = { ...home.env, SECRETS_KEYCHAIN_PASSPHRASE: GOOD, SECRETS_UNLOCK_TTL: '0' }
  const set = await runCli(['set', '/app/dev/db'], { env, input: VALUE })
  expect(set.exitCode, String(set.stderr)).toBe(0)
})
afterAll(() => home.remove())

const passphrases: [string, Record<string, string>][] = [
  ['a wrong passphrase', { SECRETS_KEYCHAIN_PASSPHRASE: WRONG }],
  ['an empty passphrase', { SECRETS_KEYCHAIN_PASSPHRASE: '' }],
  ['no passphrase and no terminal', {}],
]

describe.each(passphrases)('the file keychain with %s', (_name, override) => {
  const faulty = () => {
    const e: Record<string, string> = { ...env, ...override }
    if (!('SECRETS_KEYCHAIN_PASSPHRASE' in override)) delete e.SECRETS_KEYCHAIN_PASSPHRASE
    return e
  }

  it.each([
    [['get', '/app/dev/db'], undefined, 5],
    [['list', '/app'], undefined, 5],
    [['set', '/app/dev/db'], 'a-new-value-never-written', 5],
    [['set', '/app/dev/fresh'], 'a-new-value-never-written', 5],
    [['run', '--path', '/app/dev', '--', 'true'], undefined, 125],
  ] as const)(
    '%j exits with its documented code and a next step; nothing changes on disk',
    async (args, input, code) => {
      const before = filesUnder(home.dir)
      const result = await runCli([...args], { env: faulty(), ...(input ? { input } : {}) })
      expect(result.exitCode, String(result.stderr)).toBe(code)
      expect(result.stderr).toMatch(/file keychain/)
      expect(result.stderr).toContain('SECRETS_KEYCHAIN_PASSPHRASE')
      expect(result.stderr).toMatch(/^ {2}next: /m)
      const out = `${String(result.stdout)}${String(result.stderr)}`
      for (const secret of [VALUE, GOOD, WRONG, 'a-new-value-never-written'])
        expect(out).not.toContain(secret)
      expect(filesUnder(home.dir)).toEqual(before)
    },
  )
})

it('with the right passphrase afterwards, the value is intact', async () => {
  const result = await runCli(['get', '/app/dev/db'], { env })
  expect(result.exitCode, String(result.stderr)).toBe(0)
  expect(String(result.stdout)).toBe(VALUE)
})
