import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { startIdentityCenter, type IdentityCenter } from '../../fakes/identity-center/index.js'
import { createUserWithKey, type TestKey } from '../rotate/iam-fixture.js'
import { cli, ssoHome } from './sso-fixture.js'

const moto = inject('motoUrl')
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 })

/** Runs the CLI with stdin (add-key reads the key from it) and/or options for node itself. */
async function runCli(
  args: string[],
  env: Record<string, string>,
  options: { input?: string; node?: string[] } = {},
) {
  const { execa } = await import('execa')
  const { BIN, ROOT } = await import('../../helpers/cli.js')
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_)/.test(k)))
  return execa('node', [...(options.node ?? []), BIN, ...args], {
    env: { ...base, ...env },
    extendEnv: false,
    reject: false,
    cwd: ROOT,
    ...(options.input === undefined ? {} : { input: options.input }),
    timeout: 60_000,
  })
}

describe('one identity resolution: whoami and credentials for every kind of profile (issue 9.6, 9.9)', () => {
  let ic: IdentityCenter
  let home: ReturnType<typeof ssoHome>
  let key: TestKey

  beforeAll(async () => {
    ic = await startIdentityCenter({ interval: 1, decision: 'approve' })
    home = ssoHome(ic, moto)
    // [static] gets keys from the shared credentials file: the AWS SDK chain serves it.
    const credentialsFile = home.cliEnv.AWS_SHARED_CREDENTIALS_FILE ?? ''
    mkdirSync(dirname(credentialsFile), { recursive: true })
    writeFileSync(
      credentialsFile,
      '[static]\naws_access_key_id = AKIAMOTOTESTKEY00001\naws_secret_access_key = moto-test-secret-key-not-real-000000000\n',
    )
    ;({ key } = await createUserWithKey(moto))
    const added = await runCli(['add-key', '--profile', 'keyed'], home.cliEnv, {
      input: `${key.accessKeyId}\n${key.secretAccessKey}\n`,
    })
    expect(added.exitCode, added.stderr).toBe(0)
  })
  afterAll(async () => {
    await ic.close()
    home.remove()
  })

  it('a stored access key: whoami says so (text and JSON), credentials prints an STS session of it', async () => {
    const json = await cli(['whoami', '--profile', 'keyed', '--json'], home.cliEnv)
    expect(json.exitCode, json.stderr).toBe(0)
    const result = JSON.parse(json.stdout)
    expect(result).toMatchObject({
      identity: 'stored-access-key',
      profile: 'keyed',
      storedKeyId: key.accessKeyId,
    })
    // moto answers GetCallerIdentity for session credentials with its default user.
    expect(result.arn).toMatch(/^arn:aws:/)
    expect(result.credentialsExpireAt).toMatch(/^\d{4}-/)
    const text = await cli(['whoami', '--profile', 'keyed'], home.cliEnv)
    expect(text.exitCode, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/Identity\s+stored access key/)
    const creds = await cli(['credentials', '--profile', 'keyed'], home.cliEnv)
    expect(creds.exitCode, creds.stderr).toBe(0)
    const out = JSON.parse(creds.stdout)
    expect(out).toMatchObject({ Version: 1 })
    expect(out.AccessKeyId).not.toBe(key.accessKeyId)
    expect(out.SessionToken).toBeTruthy()
    for (const r of [json, text, creds]) expect(`${r.stdout}${r.stderr}`).not.toContain(key.secretAccessKey)
  })

  it('an SSO profile: whoami says it used the SSO role', async () => {
    const login = await cli(['login', '--profile', 'dev', '--no-browser'], home.cliEnv)
    expect(login.exitCode, login.stderr).toBe(0)
    const json = await cli(['whoami', '--profile', 'dev', '--json'], home.cliEnv)
    expect(json.exitCode, json.stderr).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({
      identity: 'sso-role',
      ssoSession: 'corp',
      storedKeyId: null,
    })
    const text = await cli(['whoami', '--profile', 'dev'], home.cliEnv)
    expect(text.stdout).toMatch(/Identity\s+IAM Identity Center role/)
  })

  it('credentials with cached role credentials loads no sign-in code (issue 12: the credential_process path)', async () => {
    // After a login the role credentials are cached: `credentials` must answer from them
    // without loading the sign-in flows (HTTP server, browser opener) or a terminal.
    const login = await cli(['login', '--profile', 'dev', '--no-browser'], home.cliEnv)
    expect(login.exitCode, login.stderr).toBe(0)
    const record = `${home.dir}/builtins.json`
    const hook = `${home.dir}/record-builtins.mjs`
    writeFileSync(
      hook,
      `import { writeFileSync } from 'node:fs'\nprocess.on('exit', () => writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.moduleLoadList)))\n`,
    )
    const run = await runCli(['credentials', '--profile', 'dev'], home.cliEnv, { node: ['--import', hook] })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ Version: 1 })
    const loaded = (JSON.parse(readFileSync(record, 'utf8')) as string[]).map((m) =>
      m.replace(/^NativeModule /, ''),
    )
    for (const builtin of ['http', 'child_process', 'tty']) expect(loaded).not.toContain(builtin)
  })

  it('a profile the AWS files serve: whoami says SDK chain; credentials refuses with the reason', async () => {
    const json = await cli(['whoami', '--profile', 'static', '--json'], home.cliEnv)
    expect(json.exitCode, json.stderr).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({
      identity: 'sdk-chain',
      profile: 'static',
      ssoSession: null,
    })
    const creds = await cli(['credentials', '--profile', 'static'], home.cliEnv)
    expect(creds.exitCode).toBe(2)
    expect(creds.stderr).toContain('Profile static gets its credentials from the AWS files')
    expect(creds.stdout).toBe('')
  })

  it('an unknown profile: not in the config file, with the list, for whoami, credentials and store commands', async () => {
    for (const args of [
      ['whoami', '--profile', 'nosuch'],
      ['credentials', '--profile', 'nosuch'],
      ['get', '/app/x', '--store', 'ssm', '--profile', 'nosuch'],
    ]) {
      const result = await cli(args, home.cliEnv)
      expect(result.exitCode, result.stderr).toBe(2)
      expect(result.stderr).toContain('Profile nosuch is not in the AWS config file')
      expect(result.stderr).toContain(
        'IAM Identity Center profiles: dev, legacy, pick; other profiles: static',
      )
      expect(result.stderr).not.toContain('AWS rejected the credentials')
    }
  })

  it('no profile and no [default]: login says so, never "Profile undefined"', async () => {
    const result = await cli(['login', '--no-browser'], home.cliEnv)
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('No AWS credentials: no profile given')
    expect(result.stderr).toContain('has no [default] profile')
    expect(result.stderr).not.toContain('undefined')
  })
})
