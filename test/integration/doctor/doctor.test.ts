// `secrets doctor` on real broken set-ups (issue 24): each test builds the fault for real (no
// D-Bus session, a locked gnome-keyring, a world-writable config dir, husky's core.hooksPath
// shadowing our hook, a loopback STS stand-in answering with a Date an hour away, an SSO
// session past its expiry from the Identity Center fake) and runs the built CLI as a process.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { execa } from 'execa'
import { afterAll, describe, expect, inject, it, vi } from 'vitest'
import { runCli, tempHome, type TempHome } from '../../helpers/cli.js'
import { privateKeyring } from '../../helpers/private-keyring.js'
import { identityCenterEnv, startIdentityCenter } from '../../fakes/identity-center/index.js'
import { ssoDevConfig } from '../sso/sso-fixture.js'

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 })
const moto = inject('motoUrl')

interface Check {
  id: string
  status: 'ok' | 'warn' | 'fail'
  summary: string
  fix?: string
}

const cleanups: (() => void)[] = []
afterAll(() => cleanups.reverse().forEach((c) => c()))

/** A fresh home and a working directory outside any repository. */
function setUp(options: { keychain?: 'os' | 'file' } = {}): { home: TempHome; cwd: string } {
  const home = tempHome(options)
  const cwd = mkdtempSync(join(tmpdir(), 'secrets-doctor-cwd-'))
  cleanups.push(
    () => home.remove(),
    () => rmSync(cwd, { recursive: true, force: true }),
  )
  return { home, cwd }
}

async function doctor(env: Record<string, string>, cwd: string) {
  const r = await runCli(['doctor', '--json'], { env, cwd, timeout: 90_000 })
  const report = JSON.parse(String(r.stdout)) as { ok: boolean; checks: Check[] }
  const byId = Object.fromEntries(report.checks.map((c) => [c.id, c])) as Record<string, Check>
  return { exitCode: r.exitCode, report, byId, stdout: String(r.stdout) }
}

function writeAwsConfig(home: TempHome, text: string) {
  const path = home.env.AWS_CONFIG_FILE ?? ''
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
}

/** A loopback STS stand-in: every call answers 403 InvalidClientTokenId with the given Date. */
async function stsStandIn(date: () => Date): Promise<{ url: string; calls: string[] }> {
  const calls: string[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      calls.push(`${req.headers.authorization ?? ''}\n${body}`)
      res.writeHead(403, { 'content-type': 'text/xml', date: date().toUTCString() })
      res.end(
        '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>doctor-test</RequestId></ErrorResponse>',
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => server.close())
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls }
}

describe('secrets doctor', () => {
  it('a sound set-up: every line ok or warn, exit 0, the canary blocked', async () => {
    const { home, cwd } = setUp()
    const r = await doctor(home.env, cwd)
    expect(r.exitCode, r.stdout).toBe(0)
    expect(r.report.ok).toBe(true)
    expect(r.report.checks.map((c) => c.id)).toEqual([
      'node',
      'keychain',
      'agent',
      'dirs',
      'aws-config',
      'clock',
      'hook',
      'canary',
      'bubblewrap',
      'project-config',
    ])
    expect(r.byId.keychain?.summary).toContain('file keychain')
    expect(r.byId.canary).toMatchObject({ status: 'ok' })
    expect(r.byId.hook?.summary).toContain('not in a git repository')
    const human = await runCli(['doctor'], { env: home.env, cwd })
    // The status column is as wide as its widest word: `warn` on Node 20 (end of life), `ok` on 24.
    expect(String(human.stdout)).toMatch(/^ok {2,4}canary +a planted test secret was blocked/m)
  })

  it('the unlock agent once a command started it: running, its socket ours and private', async () => {
    const { home, cwd } = setUp()
    // An unlock from SECRETS_KEYCHAIN_PASSPHRASE starts no agent (issue 19): the file form does.
    const passFile = join(home.dir, 'passphrase')
    writeFileSync(passFile, home.env.SECRETS_KEYCHAIN_PASSPHRASE ?? '', { mode: 0o600 })
    const unlockEnv: Record<string, string> = { ...home.env, SECRETS_KEYCHAIN_PASSPHRASE_FILE: passFile }
    delete unlockEnv.SECRETS_KEYCHAIN_PASSPHRASE
    const set = await runCli(['set', '/app/dev/db'], { env: unlockEnv, input: 'doctor-agent-value' })
    expect(set.exitCode, String(set.stderr)).toBe(0)
    const env = { ...unlockEnv, SECRETS_KEYCHAIN_PASSPHRASE_FILE: '' }
    const r = await doctor(env, cwd)
    expect(r.byId.agent).toMatchObject({ status: 'ok' })
    expect(r.byId.agent?.summary).toMatch(
      /^running \(pid \d+, \d+ entries, idle limit \d+ min\); socket .*agent\.sock \(\d{3}, yours\) in .* \(700\)$/,
    )
    expect(r.stdout).not.toContain('doctor-agent-value')
    expect((await runCli(['lock'], { env: home.env })).exitCode).toBe(0)
  })

  it('no D-Bus session: the OS keychain fails with how to reach it; exit 1', async () => {
    const { home, cwd } = setUp({ keychain: 'os' })
    const env = { ...home.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home.dir, 'no-bus')}` }
    const r = await doctor(env, cwd)
    expect(r.exitCode).toBe(1)
    expect(r.byId.keychain).toMatchObject({ status: 'fail' })
    expect(r.byId.keychain?.summary).toContain('cannot be reached')
    expect(r.byId.keychain?.fix).toContain('dbus-run-session')
  })

  it('a locked keyring: the keychain line says locked and how to unlock', async () => {
    const { home, cwd } = setUp({ keychain: 'os' })
    const keyring = await privateKeyring(home.dir)
    cleanups.push(() => keyring.stop())
    const env = { ...home.env, DBUS_SESSION_BUS_ADDRESS: keyring.address, SECRETS_UNLOCK_TTL: '0' }
    const set = await runCli(['set', '/app/dev/db'], { env, input: 'doctor-locked-value' })
    expect(set.exitCode, String(set.stderr)).toBe(0)
    expect((await doctor(env, cwd)).byId.keychain).toMatchObject({ status: 'ok' })
    await keyring.lock()
    const r = await doctor(env, cwd)
    expect(r.exitCode).toBe(1)
    expect(r.byId.keychain).toMatchObject({ status: 'fail' })
    expect(r.byId.keychain?.summary).toContain('is locked')
    expect(r.byId.keychain?.fix).toContain('gnome-keyring-daemon --replace --unlock')
    expect(r.stdout).not.toContain('doctor-locked-value')
  })

  it('a world-writable config dir fails with the chmod that fixes it', async () => {
    const { home, cwd } = setUp()
    const dir = join(home.dir, '.config', 'secrets')
    mkdirSync(dir, { recursive: true })
    chmodSync(dir, 0o777)
    const r = await doctor(home.env, cwd)
    expect(r.exitCode).toBe(1)
    expect(r.byId.dirs).toMatchObject({ status: 'fail', fix: expect.stringContaining(`chmod 700 ${dir}`) })
    expect(r.byId.dirs?.summary).toContain('writable by other users (mode 777)')
  })

  it('a hook shadowed by core.hooksPath (husky) fails; reinstalling there fixes it', async () => {
    const { home, cwd } = setUp()
    const git = (...args: string[]) =>
      execa('git', args, { cwd, env: { GIT_CONFIG_NOSYSTEM: '1', HOME: home.dir } })
    await git('init', '-q')
    expect((await runCli(['hook', 'install'], { env: home.env, cwd })).exitCode).toBe(0)
    expect((await doctor(home.env, cwd)).byId.hook).toMatchObject({ status: 'ok' })
    mkdirSync(join(cwd, '.husky'))
    writeFileSync(join(cwd, '.husky', 'pre-commit'), '#!/bin/sh\nnpm test\n', { mode: 0o755 })
    await git('config', 'core.hooksPath', '.husky')
    const r = await doctor(home.env, cwd)
    expect(r.exitCode).toBe(1)
    expect(r.byId.hook).toMatchObject({ status: 'fail' })
    expect(r.byId.hook?.summary).toContain('shadowed')
    expect(r.byId.hook?.summary).toContain('core.hooksPath=.husky (husky)')
    // .husky is inside the work tree: install writes there only when told (--in-tree).
    expect((await runCli(['hook', 'install', '--in-tree'], { env: home.env, cwd })).exitCode).toBe(0)
    const fixed = await doctor(home.env, cwd)
    expect(fixed.byId.hook).toMatchObject({ status: 'ok' })
    expect(fixed.byId.hook?.summary).toContain('chained')
  })

  it('a clock an hour off STS fails (SigV4 allows 5 min); in sync is ok; no credential is sent', async () => {
    const { home, cwd } = setUp()
    writeAwsConfig(home, '[profile dev]\nregion = us-east-1\n')
    const ahead = await stsStandIn(() => new Date(Date.now() + 3600_000))
    const skewed = await doctor({ ...home.env, AWS_ENDPOINT_URL_STS: ahead.url }, cwd)
    expect(skewed.exitCode).toBe(1)
    expect(skewed.byId.clock).toMatchObject({ status: 'fail' })
    expect(skewed.byId.clock?.summary).toMatch(/this clock is 3[56]\d\d s behind STS/)
    expect(skewed.byId.clock?.fix).toContain('timedatectl')
    expect(ahead.calls).toHaveLength(1)
    expect(ahead.calls[0]).toContain('secrets-doctor-clock-probe')

    const inSync = await stsStandIn(() => new Date())
    const ok = await doctor({ ...home.env, AWS_ENDPOINT_URL_STS: inSync.url }, cwd)
    expect(ok.byId.clock).toMatchObject({ status: 'ok' })
  })

  it('an SSO session past its expiry names secrets login; a credential_process that does not resolve fails', async () => {
    const ic = await startIdentityCenter({
      decision: 'approve',
      approveAfterPolls: 1,
      interval: 1,
      accessTokenTtlS: 2,
      clientSecretTtlS: 3,
    })
    cleanups.push(() => void ic.close())
    const { home, cwd } = setUp()
    writeAwsConfig(
      home,
      ssoDevConfig([
        '[profile via-process]',
        'credential_process = /nonexistent/bin/secrets credentials --profile dev',
      ]),
    )
    const env = { ...home.env, ...identityCenterEnv(ic), AWS_ENDPOINT_URL_STS: moto }
    const login = await runCli(['login', '--no-browser', '--profile', 'dev'], { env })
    expect(login.exitCode, String(login.stderr)).toBe(0)
    await sleep(3_500)
    const r = await doctor(env, cwd)
    const aws = r.byId['aws-config']
    expect(aws?.summary).toMatch(/SSO session corp: expired at .*cannot refresh itself/)
    expect(aws?.summary).toContain(
      'credential_process does not resolve: /nonexistent/bin/secrets is not an executable here',
    )
    expect(aws?.status).toBe('fail')
    expect(aws?.fix).toContain('secrets login --profile dev')
    for (const secret of ic.issuedSecrets()) expect(r.stdout).not.toContain(secret)
  })
})

describe('secrets doctor: the project config and its trust', () => {
  it('says not trusted, then trusted after secrets trust, then changed after an edit', async () => {
    const { home, cwd } = setUp()
    const config = join(cwd, '.secretsrc.json')
    writeFileSync(config, JSON.stringify({ paths: ['/app/dev'] }))
    const before = await doctor(home.env, cwd)
    expect(before.byId['project-config']?.status).toBe('warn')
    expect(before.byId['project-config']?.summary).toMatch(/not trusted: never trusted/)
    expect(before.byId['project-config']?.fix).toContain(`secrets trust ${config}`)
    const trusted = await runCli(['trust', config, '--yes'], { env: home.env, cwd })
    expect(trusted.exitCode, String(trusted.stderr)).toBe(0)
    const after = await doctor(home.env, cwd)
    expect(after.byId['project-config']?.status).toBe('ok')
    expect(after.byId['project-config']?.summary).toMatch(/trusted/)
    writeFileSync(config, JSON.stringify({ paths: ['/app/dev', '/other/prod'] }))
    const changed = await doctor(home.env, cwd)
    expect(changed.byId['project-config']?.status).toBe('warn')
    expect(changed.byId['project-config']?.summary).toMatch(/changed since you trusted it/)
  })
})
