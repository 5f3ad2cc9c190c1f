import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { dirname, join } from 'node:path'
import { AsyncEntry } from '@napi-rs/keyring'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { BIN, ROOT, runCli, tempHome, type TempHome, trustConfigSync } from '../helpers/cli.js'
import { execa } from 'execa'
import { motoEnv } from '../helpers/moto.js'

// Attack: a malicious child of `secrets run` (a compromised dependency running as the same
// OS user) goes for what it was not given: the unlock agent's socket, keychain files, the OS
// keychain over D-Bus (the Secret Service, with the bus address it learnt elsewhere), ~/.aws,
// ~/.ssh, gcloud, docker, npm and netrc credentials, and the parent's environment through
// /proc. Before `--isolate` (and still without it, which the second case shows so the test
// is real) the child reached every one of them. Under `--isolate` (bubblewrap: empty tmpfs
// or /dev/null over each, a PID namespace) it reaches none, while the project directory,
// /tmp and the metadata emulator on loopback still work. Against the build before this
// change `--isolate` is an unknown flag, so every "under --isolate" case fails there.

const MARKER = `isolation-marker-${process.pid}`
const PARENT_ONLY = `parent-only-${process.pid}-passphrase`
const CHILD = join(ROOT, 'test', 'fixtures', 'needs', 'malicious-child.mjs')
let home: TempHome
let project: string
let agent: Server
let sshAgent: Server
let targets: Record<string, unknown>
const keyring = { service: `secrets-isolation-${process.pid}`, account: 'session' }

beforeAll(async () => {
  home = tempHome({ keychain: 'os' })
  const h = home.dir
  const files: Record<string, string> = {
    awsCredentials: join(h, '.aws', 'credentials'),
    sshKey: join(h, '.ssh', 'id_ed25519'),
    fileKeychain: join(h, '.config', 'secrets', 'keychain.enc'),
    runCache: join(h, '.cache', 'secrets', 'run', 'entry'),
    gnomeKeyring: join(h, '.local', 'share', 'keyrings', 'login.keyring'),
    gcloud: join(h, '.config', 'gcloud', 'credentials.db'),
    docker: join(h, '.docker', 'config.json'),
    npmrc: join(h, '.npmrc'),
    netrc: join(h, '.netrc'),
  }
  for (const file of Object.values(files)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
    writeFileSync(file, `secret ${MARKER}\n`, { mode: 0o600 })
  }
  // A listener where the unlock agent's socket lives ($XDG_RUNTIME_DIR/secrets/agent.sock).
  const agentDir = join(home.env.XDG_RUNTIME_DIR ?? '', 'secrets')
  mkdirSync(agentDir, { recursive: true, mode: 0o700 })
  agent = createServer((conn) => conn.end())
  await new Promise<void>((resolve) => agent.listen(join(agentDir, 'agent.sock'), resolve))
  // And one where an ssh-agent would listen (SSH_AUTH_SOCK).
  const sshDir = mkdtempSync(join(home.env.XDG_RUNTIME_DIR ?? '', 'ssh-'))
  sshAgent = createServer((conn) => conn.end())
  await new Promise<void>((resolve) => sshAgent.listen(join(sshDir, 'agent.1'), resolve))
  // An item in this test session's real Secret Service (gnome-keyring over D-Bus).
  await new AsyncEntry(keyring.service, keyring.account, { linux: { store: 'secret-service' } }).setPassword(
    MARKER,
  )
  project = mkdtempSync(join(h, 'project-'))
  targets = {
    marker: MARKER,
    parentOnly: PARENT_ONLY,
    sockets: { unlockAgent: join(agentDir, 'agent.sock'), sshAgent: join(sshDir, 'agent.1') },
    files,
    keyring,
    busAddress: process.env.DBUS_SESSION_BUS_ADDRESS ?? '',
  }
})

afterAll(async () => {
  await new AsyncEntry(keyring.service, keyring.account, { linux: { store: 'secret-service' } })
    .deletePassword()
    .catch(() => undefined)
  await new Promise((resolve) => agent?.close(resolve))
  await new Promise((resolve) => sshAgent?.close(resolve))
  home?.remove()
})

const attack = (flags: string[], extraEnv: Record<string, string> = {}) =>
  runCli(['run', '--store', 'local', ...flags, '--', 'node', CHILD, JSON.stringify(targets)], {
    cwd: project,
    env: {
      ...home.env,
      // The parent holds this (an unlock variable, never given to the child).
      SECRETS_KEYCHAIN_PASSPHRASE: PARENT_ONLY,
      DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '',
      SSH_AUTH_SOCK: (targets.sockets as Record<string, string>).sshAgent ?? '',
      ...extraEnv,
    },
  })

function reachedBy(stdout: unknown): Record<string, boolean> {
  return JSON.parse(String(stdout).trim().split('\n').at(-1) ?? '{}') as Record<string, boolean>
}

describe('a malicious child', () => {
  it('without --isolate reaches every target (the attack is real)', async () => {
    const result = await attack([])
    expect(result.exitCode, String(result.stderr)).toBe(0)
    const reached = reachedBy(result.stdout)
    expect(Object.keys(reached).length).toBe(13)
    expect(Object.entries(reached).filter(([, got]) => !got)).toEqual([])
  })

  it('under --isolate reaches none of them', async () => {
    const result = await attack(['--isolate'])
    expect(result.exitCode, String(result.stderr)).toBe(0)
    const reached = reachedBy(result.stdout)
    expect(Object.keys(reached).length).toBe(13)
    expect(Object.entries(reached).filter(([, got]) => got)).toEqual([])
    // Masked, not removed: everything is still there for the developer.
    for (const file of Object.values(targets.files as Record<string, string>))
      expect(readFileSync(file, 'utf8')).toContain(MARKER)
  })

  it('"isolate": true in .secretsrc.json isolates too', async () => {
    writeFileSync(join(project, '.secretsrc.json'), JSON.stringify({ isolate: true }))
    trustConfigSync(join(project, '.secretsrc.json'), home.env)
    try {
      const result = await attack([])
      expect(result.exitCode, String(result.stderr)).toBe(0)
      expect(Object.entries(reachedBy(result.stdout)).filter(([, got]) => got)).toEqual([])
    } finally {
      rmSync(join(project, '.secretsrc.json'))
    }
  })
})

describe('run --isolate', () => {
  it('keeps the project, /tmp, the network and the metadata emulator usable', async () => {
    const script = [
      'const fs = require("fs")',
      'fs.writeFileSync("written-inside.txt", "ok")',
      'fs.writeFileSync(require("os").tmpdir() + "/isolation-" + process.pid, "ok")',
    ].join(';')
    const wrote = await runCli(['run', '--store', 'local', '--isolate', '--', 'node', '-e', script], {
      cwd: project,
      env: home.env,
    })
    expect(wrote.exitCode, String(wrote.stderr)).toBe(0)
    expect(readFileSync(join(project, 'written-inside.txt'), 'utf8')).toBe('ok')
    for (const [flag, provider] of [
      ['--imds', 'instance'],
      ['--ecs', 'container'],
    ] as const) {
      const sdk = await runCli(
        [
          'run',
          '--store',
          'local',
          '--isolate',
          flag,
          '--',
          'node',
          join(ROOT, 'test', 'fixtures', 'imds', 'sdk-client.mjs'),
          provider,
        ],
        { cwd: project, env: { ...home.env, ...motoEnv(inject('motoUrl')) } },
      )
      expect(sdk.exitCode, String(sdk.stderr)).toBe(0)
      expect(String(sdk.stdout)).toMatch(/"account":"123456789012"/)
    }
  })

  it('passes the exit code on, and "not found" stays 127', async () => {
    const code = await runCli(
      ['run', '--store', 'local', '--isolate', '--', 'node', '-e', 'process.exit(7)'],
      {
        cwd: project,
        env: home.env,
      },
    )
    expect(code.exitCode).toBe(7)
    const missing = await runCli(['run', '--store', 'local', '--isolate', '--', 'no-such-command-here'], {
      cwd: project,
      env: home.env,
    })
    expect(missing.exitCode).toBe(127)
  })

  it('forwards SIGTERM to the command inside the sandbox (not to bubblewrap, which would die of it)', async () => {
    const script =
      'process.on("SIGTERM", () => { console.log("child got TERM"); process.exit(3) }); console.log("ready"); setInterval(() => {}, 1000)'
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_)/.test(k)))
    const child = execa('node', [BIN, 'run', '--store', 'local', '--isolate', '--', 'node', '-e', script], {
      cwd: project,
      env: { ...base, ...home.env },
      extendEnv: false,
      reject: false,
      timeout: 30_000,
    })
    await new Promise<void>((resolve) =>
      child.stdout?.on('data', (d: Buffer) => d.includes('ready') && resolve()),
    )
    child.kill('SIGTERM')
    const result = await child
    expect(result.exitCode).toBe(3)
    expect(String(result.stdout)).toContain('child got TERM')
  })

  it('refuses, with the reason and the fix, when bubblewrap is missing; never runs unisolated', async () => {
    // A PATH with node and nothing else (bwrap may live beside node in /usr/bin).
    const bin = mkdtempSync(join(home.dir, 'bin-'))
    symlinkSync(process.execPath, join(bin, 'node'))
    const result = await runCli(
      ['run', '--store', 'local', '--isolate', '--', 'node', '-e', 'console.log("ran")'],
      {
        cwd: project,
        env: { ...home.env, PATH: bin },
      },
    )
    expect(result.exitCode).toBe(125)
    expect(String(result.stdout)).not.toContain('ran')
    expect(String(result.stderr)).toMatch(/bubblewrap \(bwrap\) is not installed/)
    expect(String(result.stderr)).toMatch(/apt-get install bubblewrap/)
  })
})
