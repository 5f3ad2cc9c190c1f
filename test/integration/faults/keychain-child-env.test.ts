import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { ROOT, runCli, tempHome, type TempHome } from '../../helpers/cli.js'
import { motoEnv } from '../../helpers/moto.js'

// Several real CLI processes per test on a shared, loaded machine (scrypt, Secret Service).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 })

// The README's headless set-up (SECRETS_KEYCHAIN=file + SECRETS_KEYCHAIN_PASSPHRASE): the
// passphrase opens every item and every local-store path, so no process secrets starts may
// receive it, whichever layer would have set it. Real CLI, real child processes.

const DUMP = join(ROOT, 'test', 'fixtures', 'run', 'env-dump.mjs')
const PASS = 'SECRETS_KEYCHAIN_PASSPHRASE'
const ROLE = 'arn:aws:iam::123456789012:role/child-env-test'
let home: TempHome
let env: Record<string, string>
let passphrase: string

beforeAll(async () => {
  home = tempHome()
  passphrase = 'child-env-passphrase-7f3a9c'
  env = { ...home.env, [PASS]: passphrase, ...motoEnv(inject('motoUrl')) }
  const set = await runCli(['set', '/app/dev/db'], { env, input: 'dev-db-value' })
  expect(set.exitCode, String(set.stderr)).toBe(0)
})
afterAll(() => home.remove())

function childEnv(stdout: unknown): Record<string, string> {
  return JSON.parse(String(stdout).trim().split('\n').at(-1) ?? '{}') as Record<string, string>
}

describe('the child never gets the keychain passphrase', () => {
  it.each([
    ['run', []],
    ['run --preserve-env', ['--preserve-env', PASS]],
    ['run --imds', ['--imds', '--role-arn', ROLE]],
    ['run --ecs', ['--ecs', '--role-arn', ROLE]],
  ])('%s: the injected value arrives, the passphrase does not', async (_name, flags) => {
    const result = await runCli(
      ['run', '--store', 'local', '--path', '/app/dev', ...flags, '--', 'node', DUMP],
      { env },
    )
    expect(result.exitCode, String(result.stderr)).toBe(0)
    const child = childEnv(result.stdout)
    expect(child.DB).toBe('dev-db-value')
    expect(child).not.toHaveProperty(PASS)
    expect(`${result.stdout}${result.stderr}`).not.toContain(passphrase)
  })

  it('run --env-file that sets it: removed too', async () => {
    const file = join(home.dir, 'leaky.env')
    writeFileSync(file, `${PASS}=${passphrase}\nPLAIN=1\n`)
    const result = await runCli(['run', '--store', 'local', '--env-file', file, '--', 'node', DUMP], {
      env: { ...env, [PASS]: passphrase },
    })
    expect(result.exitCode, String(result.stderr)).toBe(0)
    const child = childEnv(result.stdout)
    expect(child.PLAIN).toBe('1')
    expect(child).not.toHaveProperty(PASS)
  })

  it('rotate --exec: the command gets the old and new values, not the passphrase', async () => {
    const record = join(home.dir, 'exec-env.json')
    const result = await runCli(
      ['rotate', '/app/dev/db', '--store', 'local', '--exec', `node "${DUMP}" > "${record}"`],
      { env },
    )
    expect(result.exitCode, String(result.stderr)).toBe(0)
    const seen = JSON.parse(readFileSync(record, 'utf8')) as Record<string, string>
    expect(seen.SECRETS_OLD_VALUE).toBe('dev-db-value')
    expect(seen).toHaveProperty('SECRETS_NEW_VALUE')
    expect(seen).not.toHaveProperty(PASS)
    expect(`${result.stdout}${result.stderr}`).not.toContain(passphrase)
  })
})
