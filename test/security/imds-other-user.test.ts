import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startCli, tempHome, type TempHome } from '../helpers/cli.js'
import { motoEnv } from '../helpers/moto.js'
import { createOsUser, noSecondUser, type OsUser } from '../helpers/os-user.js'

// Issue 19, item 2. The attack: a second local user reads the listening ports from
// /proc/net/tcp and runs the plain IMDSv2 flow (PUT token, GET role, GET credentials)
// against `secrets imds` and `secrets run --imds`. The old emulator checked only that the
// peer was on loopback, so that user got the developer's temporary STS credentials (200 and
// the AccessKeyId/SecretAccessKey/Token JSON). Now each connection's owner uid is looked up
// in /proc/net/tcp{,6} and any uid but the emulator's own gets 403, logged once per uid.

const FIXTURES = join(import.meta.dirname, 'fixtures')
let home: TempHome
let env: Record<string, string>
let attacker: OsUser
let scripts: string

beforeAll(() => {
  if (noSecondUser) return
  home = tempHome()
  env = { ...home.env, ...motoEnv(inject('motoUrl')) }
  attacker = createOsUser()
  // The attacker's own copy of its script, where it can read it.
  scripts = mkdtempSync(join(tmpdir(), 'imds-attack-'))
  chmodSync(scripts, 0o755)
  copyFileSync(join(FIXTURES, 'imds-attacker.mjs'), join(scripts, 'attacker.mjs'))
  chmodSync(join(scripts, 'attacker.mjs'), 0o644)
})

afterAll(() => {
  attacker?.remove()
  home?.remove()
  if (scripts) rmSync(scripts, { recursive: true, force: true })
})

async function attack(port: number) {
  const result = await attacker.run(['node', join(scripts, 'attacker.mjs'), String(port)])
  expect(result.exitCode, String(result.stderr)).toBe(0)
  return JSON.parse(String(result.stdout)) as Record<string, { status: number; body: string }> & {
    foundPort: boolean
  }
}

function expectRefused(got: Awaited<ReturnType<typeof attack>>, victimStderr: string) {
  expect(got.foundPort).toBe(true)
  for (const step of ['token', 'roles', 'creds', 'userData'] as const) expect(got[step]?.status).toBe(403)
  const everything = JSON.stringify(got)
  expect(everything).not.toMatch(/AccessKeyId|SecretAccessKey|ASIA/)
  // Named once, by uid, however many requests it made.
  expect(victimStderr.match(new RegExp(`from uid ${attacker.uid}`, 'g'))).toHaveLength(1)
}

describe.skipIf(noSecondUser)('another local user against the metadata emulator', () => {
  it('secrets imds: 403 for the other uid, credentials for the owner', async () => {
    const served = startCli(['imds', '--json', '--port', '0', '--ecs-port', '0'], { env })
    try {
      await served.until(() => served.out().includes('\n'), 'the endpoints')
      const endpoints = JSON.parse(served.out().split('\n')[0] ?? '{}') as Record<string, string>
      const port = Number(new URL(endpoints.AWS_EC2_METADATA_SERVICE_ENDPOINT ?? '').port)
      const got = await attack(port)
      await served.until(() => served.err().includes(`uid ${attacker.uid}`), 'the refusal line')
      expectRefused(got, served.err())
      expect(served.err()).not.toContain('cannot tell which local user connects')
      // The owner (this test, the emulator's uid) is still served, on a fresh connection.
      const owner = await execa('node', [join(FIXTURES, 'imds-attacker.mjs'), String(port)], {
        reject: false,
      })
      const mine = JSON.parse(String(owner.stdout)) as Record<string, { status: number; body: string }>
      expect(mine.creds?.status).toBe(200)
      expect(mine.creds?.body).toContain('AccessKeyId')
    } finally {
      served.proc.kill('SIGTERM')
      await served.proc
    }
  })

  it('secrets run --imds: the child is served, the other uid gets 403', async () => {
    const run = startCli(['run', '--imds', '--', 'node', join(FIXTURES, 'imds-victim-child.mjs')], { env })
    try {
      await run.until(() => run.out().includes('\n'), "the child's first line")
      const child = JSON.parse(run.out().split('\n')[0] ?? '{}') as {
        port: number
        token: number
        role: number
      }
      expect(child).toMatchObject({ token: 200, role: 200 })
      const got = await attack(child.port)
      await run.until(() => run.err().includes(`uid ${attacker.uid}`), 'the refusal line')
      expectRefused(got, run.err())
    } finally {
      run.proc.kill('SIGTERM')
      await run.proc
    }
  })

  it('secrets imds --verbose: each refused request is logged as 403 with the other uid, no key material', async () => {
    // Issue 23: the request log names the client's uid (peer-owner.ts), so a refused user shows.
    const served = startCli(['imds', '--json', '--verbose'], { env })
    try {
      await served.until(() => served.out().includes('\n'), 'the endpoints')
      const endpoints = JSON.parse(served.out().split('\n')[0] ?? '{}') as Record<string, string>
      const got = await attack(Number(new URL(endpoints.AWS_EC2_METADATA_SERVICE_ENDPOINT ?? '').port))
      const refused = new RegExp(` IMDS +\\S+ +403 {2}uid ${attacker.uid} `)
      await served.until(
        () =>
          served
            .err()
            .split('\n')
            .filter((l) => refused.test(l)).length >= 4,
        'four 403 lines naming the other uid',
      )
      expectRefused(got, served.err())
      expect(served.err()).not.toMatch(/AccessKeyId|SecretAccessKey|ASIA/)
    } finally {
      served.proc.kill('SIGTERM')
      await served.proc
    }
  })
})
