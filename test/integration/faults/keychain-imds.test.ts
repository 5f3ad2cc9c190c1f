import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { ROOT, runCli, tempHome, type TempHome } from '../../helpers/cli.js'
import { motoEnv } from '../../helpers/moto.js'

vi.setConfig({ testTimeout: 120_000 })

// `run --imds` / `--ecs` with environment credentials and no usable keychain (the OS
// keychain with no D-Bus session): credentials are served; the development CA is needed
// only when a signed identity document is asked for, and then a per-run CA signs, said once.

const FIXTURE = join(ROOT, 'test', 'fixtures', 'imds', 'identity-dump.mjs')
const ROLE = 'arn:aws:iam::123456789012:role/no-keychain-test'
const WARNING =
  /The development CA is not available \(.*\), so the instance identity document is signed by a CA made for this run only/g
let home: TempHome
let env: Record<string, string>

beforeAll(() => {
  home = tempHome({ keychain: 'os' })
  const runtime = join(home.dir, 'runtime')
  mkdirSync(runtime)
  env = {
    ...home.env,
    ...motoEnv(inject('motoUrl')),
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home.dir, 'no-bus')}`,
    XDG_RUNTIME_DIR: runtime,
  }
})
afterAll(() => home.remove())

function lastJson(stdout: unknown): Record<string, unknown> {
  return JSON.parse(String(stdout).trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>
}

describe('the emulator without a keychain', () => {
  it('run --imds serves credentials and never touches the keychain when no signature is asked for', async () => {
    const result = await runCli(['run', '--imds', '--role-arn', ROLE, '--', 'node', FIXTURE], { env })
    expect(result.exitCode, String(result.stderr)).toBe(0)
    expect(lastJson(result.stdout)).toMatchObject({ code: 'Success', secretLength: 40 })
    expect(result.stderr).not.toMatch(/keychain/i)
  })

  it('run --imds signs the identity document with a per-run CA, and says so once', async () => {
    const result = await runCli(['run', '--imds', '--role-arn', ROLE, '--', 'node', FIXTURE, 'signed'], {
      env,
    })
    expect(result.exitCode, String(result.stderr)).toBe(0)
    expect(lastJson(result.stdout)).toMatchObject({
      code: 'Success',
      document: 200,
      signature: { status: 200, length: expect.any(Number), stable: true },
      pkcs7: { status: 200, length: expect.any(Number) },
    })
    const out = lastJson(result.stdout) as { signature: { length: number }; pkcs7: { length: number } }
    expect(out.signature.length).toBeGreaterThan(300)
    expect(out.pkcs7.length).toBeGreaterThan(1000)
    expect(String(result.stderr).match(WARNING)).toHaveLength(1)
    expect(result.stderr).toContain('secrets imds cert')
  })

  it('run --ecs serves credentials with no keychain and no warning', async () => {
    const sdk = join(ROOT, 'test', 'fixtures', 'imds', 'sdk-client.mjs')
    const result = await runCli(['run', '--ecs', '--role-arn', ROLE, '--', 'node', sdk, 'container'], { env })
    expect(result.exitCode, String(result.stderr)).toBe(0)
    expect(lastJson(result.stdout)).toMatchObject({ provider: 'container', staticKeysInEnv: false })
    expect(result.stderr).not.toMatch(/keychain/i)
  })
})
