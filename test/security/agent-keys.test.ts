import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { agentSocketPath, agentStatus } from '../../src/core/keychain/index.js'
import { ROOT, runCliInSession, tempHome, type TempHome } from '../helpers/cli.js'

/**
 * Issue #19 item 1: the unlock agent as an oracle for the master key. The attacker is the
 * malicious child of `secrets run` (test/fixtures/security/agent-thief.mjs), a stand-in for a
 * hostile dependency of the app: it connects to the agent's socket, sends every request the
 * agent has understood (the old `get file-key:<keychain>`, item gets and puts, the new
 * file-get/file-hold/file-set, lock), polls to keep the unlock alive, and tries to decrypt
 * keychain.enc and store.enc with anything it got back.
 *
 * The old code answered `get file-key:<path>` with the keychain's derived key: the child
 * decrypted the whole keychain, took `local-store-key` from it and read every path of the local
 * store (here /other/prod/api-key, which the run did not inject); its polling reset the idle
 * TTL forever and its `put` overwrote cached role credentials (confirmed with this script
 * against main's build: two keys found, the keychain and both store values decrypted). Now
 * the agent never hands out a
 * key (it decrypts one item per request itself) and refuses every process that descends from a
 * registered `secrets run`.
 */
const PASSPHRASE = 'agent-thief-test-passphrase'
const PROD = 'prod-canary-7f3c1e9a2b'
const DEV = 'dev-value-4d2a'
const THIEF = join(ROOT, 'test', 'fixtures', 'security', 'agent-thief.mjs')

let home: TempHome
let env: Record<string, string>
const base = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_)/.test(k)),
) as Record<string, string>

const cli = (args: string[], extra: Record<string, string | undefined> = {}, input?: string) =>
  runCliInSession(args, env, extra, input)

beforeEach(async () => {
  home = tempHome()
  const runtime = join(home.dir, 'run')
  mkdirSync(runtime, { mode: 0o700 })
  const passFile = join(home.dir, 'passphrase')
  writeFileSync(passFile, PASSPHRASE, { mode: 0o600 })
  env = { ...home.env, XDG_RUNTIME_DIR: runtime, SECRETS_KEYCHAIN_PASSPHRASE_FILE: passFile }
  delete env.SECRETS_KEYCHAIN_PASSPHRASE
  expect((await cli(['set', '--store', 'local', '/other/prod/api-key'], {}, PROD)).exitCode).toBe(0)
  expect((await cli(['set', '--store', 'local', '/app/dev/TOKEN'], {}, DEV)).exitCode).toBe(0)
  expect(await agentStatus(env)).toMatchObject({ ok: true })
})
afterEach(async () => {
  const status = await agentStatus(env)
  if (status?.pid) process.kill(status.pid, 'SIGKILL')
  home.remove()
})

const keychainFile = () => join(home.env.XDG_CONFIG_HOME as string, 'secrets', 'keychain.enc')
const storeFile = () => join(home.env.XDG_CONFIG_HOME as string, 'secrets', 'store.enc')
const noPassphrase = { SECRETS_KEYCHAIN_PASSPHRASE_FILE: undefined }

async function runThief(pollMs: number, extra: Record<string, string> = {}) {
  const out = join(home.dir, 'thief.json')
  const run = await cli(
    [
      'run',
      '--store',
      'local',
      '--path',
      '/app/dev',
      '--',
      'node',
      THIEF,
      out,
      agentSocketPath(env),
      keychainFile(),
      storeFile(),
      join(ROOT, 'dist'),
      String(pollMs),
    ],
    { ...noPassphrase, ...extra },
  )
  expect(run.exitCode, String(run.stderr)).toBe(0)
  return JSON.parse(readFileSync(out, 'utf8')) as {
    responses: Array<{ request: string; response: Record<string, unknown> }>
    keysFound: number
    keychainItems: Record<string, string> | null
    storeValues: string[] | null
  }
}

describe('a secrets run child against the unlock agent', { timeout: 120_000 }, () => {
  it('is refused every request, gets no key, decrypts nothing; the agent still serves the CLI', async () => {
    const before = [readFileSync(keychainFile(), 'utf8'), readFileSync(storeFile(), 'utf8')]
    const got = await runThief(0)
    for (const { request, response } of got.responses) {
      expect(response, request).toMatchObject({ ok: false, refused: expect.stringMatching(/secrets run/) })
    }
    expect(got.keysFound).toBe(0)
    expect(got.keychainItems).toBeNull()
    expect(got.storeValues).toBeNull()
    expect(JSON.stringify(got)).not.toContain(PROD)
    // Nothing was lost or changed: the files are as they were, the agent still holds the unlock.
    expect([readFileSync(keychainFile(), 'utf8'), readFileSync(storeFile(), 'utf8')]).toEqual(before)
    const after = await cli(['get', '--store', 'local', '/other/prod/api-key'], noPassphrase)
    expect(after.stdout).toBe(PROD)
  })

  it('cannot keep the unlock alive by polling: it expires SECRETS_UNLOCK_TTL after the CLI last used it', async () => {
    // A fresh agent with a 3 s idle lifetime.
    await cli(['lock'], noPassphrase)
    const ttl = { SECRETS_UNLOCK_TTL: '3s' }
    expect((await cli(['get', '--store', 'local', '/app/dev/TOKEN'], ttl)).stdout).toBe(DEV)
    const started = Date.now()
    await runThief(7000, ttl)
    expect(Date.now() - started).toBeGreaterThan(7000)
    // The child polled for 7 s; the agent stopped ~3 s after the run's own last request.
    expect(await agentStatus(env)).toBeUndefined()
  })
})

describe('a process that is not a run child', { timeout: 120_000 }, () => {
  it('gets one item per request from the agent, never the key (the old file-key request is unknown)', async () => {
    const out = join(home.dir, 'outsider.json')
    // The same script, started by the test (not under secrets run): a process of the user.
    await execa(
      'node',
      [THIEF, out, agentSocketPath(env), keychainFile(), storeFile(), join(ROOT, 'dist'), '0'],
      {
        env: base,
        extendEnv: false,
      },
    )
    const got = JSON.parse(readFileSync(out, 'utf8')) as {
      responses: Array<{ request: string; response: Record<string, unknown> }>
      keychainItems: unknown
    }
    const byOp = Object.fromEntries(got.responses.map((r) => [r.request, r.response]))
    expect(byOp.get).toMatchObject({ ok: false })
    expect(got.keychainItems).toBeNull()
    // What the agent answers such a process is the item asked for (the same as an unlocked OS
    // keychain answers any process of the user: docs/security.md, "The unlock agent").
    expect(byOp['file-list']).toMatchObject({ ok: true, names: expect.arrayContaining(['local-store-key']) })
  })
})
