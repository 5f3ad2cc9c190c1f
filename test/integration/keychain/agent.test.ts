import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { agentSocketPath, agentStatus } from '../../../src/core/keychain/index.js'
import { runCliInSession, tempHome, type TempHome } from '../../helpers/cli.js'

/**
 * The unlock agent with real processes: the CLI unlocks the file keychain once (with
 * SECRETS_KEYCHAIN_PASSPHRASE_FILE: SECRETS_KEYCHAIN_PASSPHRASE, automation, keeps no agent),
 * later commands run with no passphrase and no terminal. Each CLI runs in a new session (no
 * controlling terminal), so nothing can prompt.
 */
const PASSPHRASE = 'agent-test-passphrase'
let home: TempHome
let env: Record<string, string>

beforeEach(() => {
  home = tempHome()
  const runtime = join(home.dir, 'run')
  mkdirSync(runtime, { mode: 0o700 })
  const passFile = join(home.dir, 'passphrase')
  writeFileSync(passFile, `${PASSPHRASE}\n`, { mode: 0o600 })
  env = { ...home.env, XDG_RUNTIME_DIR: runtime, SECRETS_KEYCHAIN_PASSPHRASE_FILE: passFile }
  delete env.SECRETS_KEYCHAIN_PASSPHRASE
})
afterEach(async () => {
  const status = await agentStatus(env)
  if (status?.pid) process.kill(status.pid, 'SIGKILL')
  home.remove()
})

const cli = (args: string[], extra: Record<string, string | undefined> = {}, input?: string) =>
  runCliInSession(args, env, extra, input)

/** Waits (bounded) until the agent answers, or no longer answers. */
async function agentUp(want: boolean, withinMs = 10_000) {
  const until = Date.now() + withinMs
  while (Date.now() < until) {
    if (Boolean(await agentStatus(env)) === want) return true
    await new Promise((r) => setTimeout(r, 100))
  }
  return false
}

const noPassphrase = { SECRETS_KEYCHAIN_PASSPHRASE_FILE: undefined }

describe('unlock agent', { timeout: 120_000 }, () => {
  it('one unlock serves later commands with no passphrase; the socket is private; it holds no passphrase', async () => {
    expect((await cli(['set', '/app/k'], {}, 'value-canary-1')).exitCode).toBe(0)
    expect(await agentUp(true)).toBe(true)
    const got = await cli(['get', '/app/k'], noPassphrase)
    expect(got.exitCode).toBe(0)
    expect(got.stdout).toBe('value-canary-1')

    const socket = agentSocketPath(env)
    expect(statSync(join(socket, '..')).mode & 0o777).toBe(0o700)
    expect(statSync(socket).mode & 0o777).toBe(0o600)
    const status = await agentStatus(env)
    const environ = readFileSync(`/proc/${status?.pid}/environ`, 'utf8')
    expect(environ).not.toContain(PASSPHRASE)
    expect(environ).not.toMatch(/AWS_|SECRETS_KEYCHAIN/)
  })

  it('the unlocking command exits only once its agent listens: the very next command needs no passphrase', async () => {
    // No polling here: `secrets set …; secrets get …` in a script starts the second command the
    // moment the first exits (before: the agent could still be starting, and the get exited 5).
    expect((await cli(['set', '/app/k'], {}, 'value-canary-2')).exitCode).toBe(0)
    expect(await agentStatus(env)).toMatchObject({ ok: true })
    const got = await cli(['get', '/app/k'], noPassphrase)
    expect(got.stdout, got.stderr).toBe('value-canary-2')
  })

  it('secrets lock forgets at once: the next command exits 5 saying it is locked', async () => {
    await cli(['set', '/app/k'], {}, 'v')
    expect(await agentUp(true)).toBe(true)
    const locked = await cli(['lock'], noPassphrase)
    expect(locked.exitCode).toBe(0)
    expect(locked.stderr).toMatch(/Locked/)
    expect(await agentUp(false)).toBe(true)
    const after = await cli(['get', '/app/k'], noPassphrase)
    expect(after.exitCode).toBe(5)
    expect(after.stderr).toMatch(/file keychain .* is locked/)
    expect(after.stderr).toMatch(/secrets lock/)
    expect((await cli(['lock'], noPassphrase)).stderr).toMatch(/Nothing to lock/)
  })

  it('expires after SECRETS_UNLOCK_TTL of idleness', async () => {
    await cli(['set', '/app/k'], { SECRETS_UNLOCK_TTL: '2s' }, 'v')
    expect(await agentUp(true)).toBe(true)
    expect(await agentUp(false, 15_000)).toBe(true)
    const after = await cli(['get', '/app/k'], noPassphrase)
    expect(after.exitCode).toBe(5)
    expect(after.stderr).toMatch(/is locked/)
  })

  it('SECRETS_KEYCHAIN_PASSPHRASE (automation) starts no agent', async () => {
    const automated = { SECRETS_KEYCHAIN_PASSPHRASE_FILE: undefined, SECRETS_KEYCHAIN_PASSPHRASE: PASSPHRASE }
    expect((await cli(['set', '/app/k'], automated, 'v')).exitCode).toBe(0)
    expect((await cli(['get', '/app/k'], automated)).stdout).toBe('v')
    expect(await agentUp(true, 2000)).toBe(false)
  })

  it('SECRETS_UNLOCK_TTL=0 keeps no unlock', async () => {
    await cli(['set', '/app/k'], { SECRETS_UNLOCK_TTL: '0' }, 'v')
    expect(await agentUp(true, 2000)).toBe(false)
    expect((await cli(['get', '/app/k'], noPassphrase)).exitCode).toBe(5)
  })

  it('a stale socket (agent killed) is locked, then replaced by the next unlock', async () => {
    await cli(['set', '/app/k'], {}, 'v')
    expect(await agentUp(true)).toBe(true)
    process.kill((await agentStatus(env))?.pid as number, 'SIGKILL')
    expect(await agentUp(false)).toBe(true)
    expect(statSync(agentSocketPath(env)).isSocket()).toBe(true)
    expect((await cli(['get', '/app/k'], noPassphrase)).exitCode).toBe(5)
    expect((await cli(['get', '/app/k'])).stdout).toBe('v')
    expect(await agentUp(true)).toBe(true)
    expect((await cli(['get', '/app/k'], noPassphrase)).stdout).toBe('v')
  })

  it('a hung agent (stopped mid-use) costs a bounded wait, then the passphrase path', async () => {
    await cli(['set', '/app/k'], {}, 'v')
    expect(await agentUp(true)).toBe(true)
    const pid = (await agentStatus(env))?.pid as number
    process.kill(pid, 'SIGSTOP')
    try {
      const started = Date.now()
      const got = await cli(['get', '/app/k'])
      expect(got.stdout).toBe('v')
      expect(Date.now() - started).toBeLessThan(30_000)
    } finally {
      process.kill(pid, 'SIGCONT')
    }
  })

  it('refuses a socket directory other users can reach', async () => {
    await cli(['set', '/app/k'], {}, 'v')
    expect(await agentUp(true)).toBe(true)
    chmodSync(join(agentSocketPath(env), '..'), 0o755)
    const got = await cli(['get', '/app/k'], noPassphrase)
    expect(got.exitCode).toBe(5)
    chmodSync(join(agentSocketPath(env), '..'), 0o700)
  })
})
