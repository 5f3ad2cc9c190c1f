import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { execa } from 'execa'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { agentStatus } from '../../src/core/keychain/index.js'
import { runCliInSession, tempHome, type TempHome } from '../helpers/cli.js'

/**
 * Issue #19 items 11 and 9 (and the socket boundary of item 1): a second OS user against the
 * unlock agent and the config directory. The old code used a config dir another user owned or
 * could write without a word. With XDG_RUNTIME_DIR unset the old code used `$TMPDIR/secrets-<uid>`, a name any
 * user can predict: another user who created it first made the victim's unlock silently
 * useless (every command asked again), and a victim whose recorded directory was cleaned away
 * could be handed a directory of the attacker's. Now the directory is made with mkdtemp, its
 * path recorded in the 0700 config dir; a directory at the recorded path that someone else
 * owns is reported by owner and mode and never connected to; `secrets lock` finds the agent
 * from a shell with or without XDG_RUNTIME_DIR. The attacker also tries the victim's socket.
 */
const root = process.getuid?.() === 0
const USER = `secagt${process.pid % 100000}`
let attacker = { uid: -1, gid: -1 }

beforeAll(() => {
  if (!root) return
  execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', USER])
  attacker = {
    uid: Number(execFileSync('id', ['-u', USER]).toString()),
    gid: Number(execFileSync('id', ['-g', USER]).toString()),
  }
})
afterAll(() => {
  if (root) execFileSync('userdel', [USER])
})

const PASSPHRASE = 'agent-dir-test-passphrase'
let home: TempHome
let shared: string
let env: Record<string, string>

beforeEach(() => {
  home = tempHome()
  // A world-writable sticky temp dir, like /tmp, shared with the attacker.
  shared = mkdtempSync(join(tmpdir(), 'agent-dir-shared-'))
  chmodSync(shared, 0o1777)
  const passFile = join(home.dir, 'passphrase')
  writeFileSync(passFile, PASSPHRASE, { mode: 0o600 })
  env = { ...home.env, TMPDIR: shared, SECRETS_KEYCHAIN_PASSPHRASE_FILE: passFile }
  delete env.SECRETS_KEYCHAIN_PASSPHRASE
  delete env.XDG_RUNTIME_DIR
})
afterEach(async () => {
  const status = await agentStatus(env)
  if (status?.pid) process.kill(status.pid, 'SIGKILL')
  home.remove()
  rmSync(shared, { recursive: true, force: true })
})

// The machine's own runtime dir must not come back through the inherited environment.
const cli = (args: string[], extra: Record<string, string | undefined> = {}, input?: string) =>
  runCliInSession(args, env, { XDG_RUNTIME_DIR: undefined, ...extra }, input)
const noPassphrase = { SECRETS_KEYCHAIN_PASSPHRASE_FILE: undefined }

/** The agent's status once it listens (bounded wait: it is started detached). */
async function agentUp() {
  for (let i = 0; i < 50; i++) {
    const status = await agentStatus(env)
    if (status) return status
    await new Promise((r) => setTimeout(r, 100))
  }
  return undefined
}
const record = () => join(home.env.XDG_CONFIG_HOME as string, 'secrets', 'agent-dir')

/** Runs `code` as the attacker (a node one-liner; prints what it got). */
function asAttacker(code: string, timeout = 10_000) {
  return execa('node', ['-e', code], {
    uid: attacker.uid,
    gid: attacker.gid,
    cwd: '/',
    reject: false,
    timeout,
    env: { PATH: '/usr/bin:/bin' },
  })
}

describe.skipIf(!root)(
  'a second OS user against the unlock agent (needs root for useradd)',
  { timeout: 120_000 },
  () => {
    it('a squatted predictable name changes nothing: the agent lives in a mkdtemp dir the attacker cannot reach', async () => {
      // The attacker creates the name the old code would have used, before the victim unlocks.
      const squat = await asAttacker(
        `require('fs').mkdirSync(${JSON.stringify(join(shared, `secrets-${process.getuid?.()}`))}, { mode: 0o777 })`,
      )
      expect(squat.exitCode, squat.stderr).toBe(0)
      expect((await cli(['set', '--store', 'local', '/app/k'], {}, 'v')).exitCode).toBe(0)
      const dir = readFileSync(record(), 'utf8').trim()
      expect(basename(dir)).toMatch(/^secrets-agent-.{6}$/)
      expect(statSync(dir).uid).toBe(process.getuid?.())
      expect(statSync(dir).mode & 0o777).toBe(0o700)
      expect(statSync(record()).mode & 0o777).toBe(0o600)
      // The unlock holds (old code: the squatted dir made the next command ask again, exit 5 without a terminal).
      const got = await cli(['get', '--store', 'local', '/app/k'], noPassphrase)
      expect(got.stdout, got.stderr).toBe('v')
      // The attacker cannot list the directory nor connect to the socket.
      const probe = await asAttacker(`
      const fs = require('fs'), net = require('net')
      let list; try { fs.readdirSync(${JSON.stringify(dir)}); list = 'listed' } catch (e) { list = e.code }
      const c = net.connect(${JSON.stringify(join(dir, 'agent.sock'))})
      c.on('connect', () => { console.log(list + ' connected'); process.exit() })
      c.on('error', (e) => { console.log(list + ' ' + e.code); process.exit() })`)
      expect(probe.stdout).toBe('EACCES EACCES')
    })

    it('a directory another user put at the recorded path is reported by owner and mode, never connected to, and replaced', async () => {
      expect((await cli(['set', '--store', 'local', '/app/k'], {}, 'v')).exitCode).toBe(0)
      const dir = readFileSync(record(), 'utf8').trim()
      process.kill((await agentUp())?.pid as number, 'SIGKILL')
      // A temp cleaner removes it; the attacker recreates the same path with a listening socket.
      rmSync(dir, { recursive: true, force: true })
      const listener = asAttacker(
        `const fs = require('fs'), net = require('net')
       fs.mkdirSync(${JSON.stringify(dir)}, { mode: 0o755 })
       let seen = 0
       const s = net.createServer((c) => { seen++; c.on('data', (d) => console.log('GOT ' + d)); c.end() })
       s.listen(${JSON.stringify(join(dir, 'agent.sock'))}, () => { fs.chmodSync(${JSON.stringify(join(dir, 'agent.sock'))}, 0o777); console.log('listening') })
       setTimeout(() => { console.log('connections ' + seen); process.exit() }, 6000)`,
        20_000,
      )
      for (let i = 0; i < 50 && !existsSync(join(dir, 'agent.sock')); i++)
        await new Promise((r) => setTimeout(r, 100))
      const got = await cli(['get', '--store', 'local', '/app/k'])
      expect(got.stdout).toBe('v')
      expect(got.stderr).toMatch(
        new RegExp(
          `the unlock agent is not used: ${dir} is owned by ${USER} \\(uid ${attacker.uid}\\).*mode 0755`,
        ),
      )
      // The victim's unlock went to a new directory of its own, recorded in place of the foreign one.
      const replaced = readFileSync(record(), 'utf8').trim()
      expect(replaced).not.toBe(dir)
      expect(statSync(replaced).uid).toBe(process.getuid?.())
      expect((await cli(['get', '--store', 'local', '/app/k'], noPassphrase)).stdout).toBe('v')
      const heard = await listener
      expect(heard.stdout).toMatch(/connections 0/)
      expect(heard.stdout).not.toMatch(/GOT/)
    })

    it('secrets lock finds the agent from a shell that has XDG_RUNTIME_DIR set', async () => {
      expect((await cli(['set', '--store', 'local', '/app/k'], {}, 'v')).exitCode).toBe(0)
      expect(await agentUp()).toMatchObject({ ok: true })
      const runtime = join(home.dir, 'other-runtime')
      mkdirSync(runtime, { mode: 0o700 })
      const locked = await cli(['lock'], { ...noPassphrase, XDG_RUNTIME_DIR: runtime })
      expect(locked.stderr).toMatch(/Locked/)
      for (let i = 0; i < 50 && (await agentStatus(env)); i++) await new Promise((r) => setTimeout(r, 100))
      expect(await agentStatus(env)).toBeUndefined()
    })

    it('a config dir another user owns or can write is refused naming owner and mode; a readable one is a warning', async () => {
      expect((await cli(['set', '--store', 'local', '/app/k'], {}, 'v')).exitCode).toBe(0)
      const config = join(home.env.XDG_CONFIG_HOME as string, 'secrets')
      const before = readFileSync(join(config, 'store.enc'), 'utf8')
      const automated = {
        SECRETS_KEYCHAIN_PASSPHRASE_FILE: undefined,
        SECRETS_KEYCHAIN_PASSPHRASE: PASSPHRASE,
      }
      const owned = { uid: process.getuid?.() as number, gid: process.getgid?.() as number }
      try {
        execFileSync('chown', [`${attacker.uid}:${attacker.gid}`, config])
        const foreign = await cli(['get', '--store', 'local', '/app/k'], automated)
        expect(foreign.exitCode).toBe(5)
        expect(foreign.stderr).toMatch(
          new RegExp(`${config} is owned by ${USER} \\(uid ${attacker.uid}\\), not by you`),
        )
        expect(foreign.stderr).toMatch(/mode 0700/)
        expect(foreign.stdout).toBe('')
        execFileSync('chown', [`${owned.uid}:${owned.gid}`, config])
        chmodSync(config, 0o777)
        const writable = await cli(['get', '--store', 'local', '/app/k'], automated)
        expect(writable.exitCode).toBe(5)
        expect(writable.stderr).toMatch(/is writable by other users \(mode 0777/)
        chmodSync(config, 0o750)
        const readable = await cli(['get', '--store', 'local', '/app/k'], automated)
        expect(readable.stdout).toBe('v')
        expect(readable.stderr).toMatch(/warning: .* is readable by other users \(mode 0750/)
      } finally {
        execFileSync('chown', [`${owned.uid}:${owned.gid}`, config])
        chmodSync(config, 0o700)
      }
      expect(readFileSync(join(config, 'store.enc'), 'utf8')).toBe(before)
    })
  },
)
