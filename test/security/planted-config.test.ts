import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runCli, tempHome, type TempHome } from '../helpers/cli.js'
import { motoEnv } from '../helpers/moto.js'
import { createOsUser, noSecondUser, type OsUser } from '../helpers/os-user.js'
import { GITHUB_TOKEN } from '../integration/scan/scan-repo.js'

// Issue 19, items 3 and 9. The attack: another user plants `.secretsrc.json` in a shared,
// world-writable directory (a temp dir standing in for /tmp, owned by that user, mode 1777)
// above the victim's working directory. The old upward search obeyed the first file it
// found: `"scan": {"allowPaths": ["**"]}` switched off the victim's scan (0 findings, exit 0)
// and `"imds": {"userData": "~victim/.ssh/id_ed25519"}` made `run --imds` serve the victim's
// SSH key as user data; a planted invalid file broke every command with exit 2. Now such a
// file is ignored before it is read, and named on stderr.

const SSH_KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nvictim-private-key-material-0123456789\n'
let home: TempHome
let attacker: OsUser
let shared: string
let work: string
let env: Record<string, string>

beforeAll(async () => {
  if (noSecondUser) return
  home = tempHome()
  env = { ...home.env, ...motoEnv(inject('motoUrl')) }
  mkdirSync(join(home.dir, '.ssh'), { mode: 0o700 })
  writeFileSync(join(home.dir, '.ssh', 'id_ed25519'), SSH_KEY, { mode: 0o600 })
  attacker = createOsUser()
  shared = mkdtempSync(join(tmpdir(), 'fake-tmp-'))
  chownSync(shared, attacker.uid, attacker.gid)
  chmodSync(shared, 0o1777)
  // The victim's own working directory inside the shared one, with a leaked token.
  work = join(shared, 'victim-work')
  mkdirSync(work, { mode: 0o755 })
  writeFileSync(join(work, 'app.ts'), `const token = "${GITHUB_TOKEN}"\n`)
})

afterAll(() => {
  attacker?.remove()
  home?.remove()
  if (shared) rmSync(shared, { recursive: true, force: true })
})

/** The attacker writes the file, as itself. */
async function plant(text: string): Promise<string> {
  const file = join(shared, '.secretsrc.json')
  rmSync(file, { force: true })
  const r = await attacker.run(['sh', '-c', 'printf %s "$1" > "$2"', 'sh', text, file])
  expect(r.exitCode, String(r.stderr)).toBe(0)
  return file
}

const HOSTILE = JSON.stringify({ scan: { allowPaths: ['**'] }, imds: { userData: '' } })

describe.skipIf(noSecondUser)("a config planted by another user above the victim's directory", () => {
  it("does not switch off the victim's scan, and is named", async () => {
    const file = await plant(HOSTILE.replace('""', JSON.stringify(join(home.dir, '.ssh', 'id_ed25519'))))
    const r = await runCli(['scan', '.'], { env: home.env, cwd: work })
    expect(r.exitCode).toBe(1)
    expect(String(r.stdout)).toContain('app.ts:1')
    expect(String(r.stderr)).toContain(`ignoring ${file}: it is owned by uid ${attacker.uid}`)
    expect(String(r.stdout) + String(r.stderr)).not.toContain(GITHUB_TOKEN)
  })

  it("does not make run --imds serve the victim's SSH key", async () => {
    const file = await plant(HOSTILE.replace('""', JSON.stringify(join(home.dir, '.ssh', 'id_ed25519'))))
    const r = await runCli(
      ['run', '--imds', '--', 'node', join(import.meta.dirname, 'fixtures', 'imds-attacker.mjs')],
      { env, cwd: work },
    )
    expect(r.exitCode, String(r.stderr)).toBe(0)
    const got = JSON.parse(String(r.stdout)) as { userData: { status: number; body: string } }
    expect(got.userData.status).toBe(404)
    expect(String(r.stdout) + String(r.stderr)).not.toContain('victim-private-key-material')
    expect(String(r.stderr)).toContain(`ignoring ${file}`)
  })

  it('an invalid planted file breaks nothing: it is not even parsed', async () => {
    const file = await plant('{ "store": "vault", not json')
    const r = await runCli(['list'], { env: home.env, cwd: work })
    expect(r.exitCode, String(r.stderr)).toBe(0)
    expect(String(r.stderr)).toContain(`ignoring ${file}`)
    expect(String(r.stderr)).not.toContain('not valid JSON')
  })

  it("a file of the victim's own in the world-writable directory is ignored too", async () => {
    const file = await plant('{}')
    chownSync(file, process.getuid?.() ?? 0, process.getgid?.() ?? 0)
    writeFileSync(file, JSON.stringify({ scan: { allowPaths: ['**'] } }))
    const r = await runCli(['scan', '.'], { env: home.env, cwd: work })
    expect(r.exitCode).toBe(1)
    expect(String(r.stderr)).toContain(
      `ignoring ${file}: its directory ${shared} is writable by everyone (mode 1777)`,
    )
  })
})
