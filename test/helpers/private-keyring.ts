// A private D-Bus session with its own gnome-keyring (a real Secret Service a test can lock).
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { execa } from 'execa'
import { expect } from 'vitest'

/** A private D-Bus session with its own gnome-keyring, started and stopped by PID. */
export async function privateKeyring(dir: string) {
  const socket = join(dir, 'bus')
  const address = `unix:path=${socket}`
  const keyringHome = join(dir, 'keyring-home')
  mkdirSync(keyringHome, { recursive: true })
  const procs: ChildProcess[] = []
  const stop = () => {
    for (const p of procs.reverse()) if (p.pid && p.exitCode === null) p.kill('SIGTERM')
  }
  const bus = spawn('dbus-daemon', ['--session', '--nofork', `--address=${address}`], { stdio: 'ignore' })
  procs.push(bus)
  for (let i = 0; i < 100 && !existsSync(socket); i++) await sleep(50)
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address, HOME: keyringHome }
  const daemon = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
    env,
    stdio: ['pipe', 'ignore', 'ignore'],
  })
  procs.push(daemon)
  daemon.stdin?.end('private-keyring-password')
  const gdbus = (method: string, ...args: string[]) =>
    execa(
      'gdbus',
      [
        'call',
        '--session',
        '--dest',
        'org.freedesktop.secrets',
        '--object-path',
        '/org/freedesktop/secrets',
        '--method',
        `org.freedesktop.Secret.Service.${method}`,
        ...args,
      ],
      { env, reject: false, timeout: 10_000 },
    )
  // Wait until our daemon owns the name before calling it: a call to an unowned name makes the
  // bus auto-start a second gnome-keyring, which has no password and so never unlocks.
  let owned = false
  for (let i = 0; i < 300 && !owned; i++) {
    const r = await execa(
      'gdbus',
      [
        'call',
        '--session',
        '--dest',
        'org.freedesktop.DBus',
        '--object-path',
        '/org/freedesktop/DBus',
        '--method',
        'org.freedesktop.DBus.NameHasOwner',
        'org.freedesktop.secrets',
      ],
      { env, reject: false, timeout: 10_000 },
    )
    owned = r.stdout.includes('true')
    if (!owned) await sleep(50)
  }
  let ready = false
  for (let i = 0; i < 300 && owned && !ready; i++) {
    ready = (await gdbus('ReadAlias', 'default')).stdout.includes('/collection/')
    if (!ready) await sleep(100)
  }
  if (!ready) {
    stop()
    throw new Error('the private gnome-keyring did not come up')
  }
  const lock = async () => {
    const r = await gdbus('Lock', "[objectpath '/org/freedesktop/secrets/collection/login']")
    expect(r.exitCode, r.stderr).toBe(0)
  }
  return { address, lock, stop }
}
