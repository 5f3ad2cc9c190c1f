import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { BIN, ROOT, runCli, tempHome } from '../../helpers/cli.js'
import { startIdentityCenter, type IdentityCenter } from '../../fakes/identity-center/index.js'
import { motoEnv } from '../../helpers/moto.js'
import { ssoHome } from '../sso/sso-fixture.js'

/**
 * Issue 23 (what a new user hit in the first hour), the CLI contract items, run against the
 * built CLI. What the old code did, per test: `get`/`list`/`set` printed no `--json` error
 * object; oclif's raw "The following errors occurred" / "Missing required flag profile";
 * `help nosuch` printed oclif's " ›   Error"; `rotate aws-kye` was read as a parameter path;
 * `run --path /x npm start` said `Parameter path "npm" must start with "/"`; `set PATH VALUE`
 * echoed the value; login/whoami/logout/rotate aws-key ignored the project's "profile"; no
 * credentials at all read "AWS rejected the credentials"; a non-TTY login without a role
 * walked the device flow first; a second login signed in again.
 */
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 })
const moto = inject('motoUrl')

interface ManifestCommand {
  flags: Record<string, unknown>
  args?: Record<string, { required?: boolean }>
}
const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {
  commands: Record<string, ManifestCommand>
}

const home = tempHome()
afterAll(() => home.remove())
const run = async (
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; input?: string } = {},
) => {
  const r = await runCli(args, { ...options, env: { ...home.env, ...options.env } })
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) }
}

/** The `{"error":{...}}` line a `--json` failure must print on stdout. */
function jsonError(stdout: string): { code: string; message: string; hint: string | null; exitCode: number } {
  const last = stdout.trim().split('\n').at(-1) ?? ''
  const parsed = JSON.parse(last) as {
    error: { code: string; message: string; hint: string | null; exitCode: number }
  }
  expect(Object.keys(parsed.error).sort()).toEqual(['code', 'exitCode', 'hint', 'message'])
  return parsed.error
}

/** A project config is used only after `secrets trust` once that gate exists (issue 19.4). */
async function trustIfGated(file: string, env: Record<string, string>): Promise<void> {
  if (!manifest.commands.trust) return
  await runCli(['trust', file, '--yes'], { env, cwd: join(file, '..') })
}

describe.concurrent('every --json command prints the error object on stdout (23.8)', () => {
  const withJson = Object.entries(manifest.commands).filter(([, c]) => 'json' in c.flags)

  it('the manifest has the commands the issue names', () => {
    const ids = withJson.map(([id]) => id)
    for (const id of ['get', 'list', 'set', 'history', 'delete', 'whoami', 'login', 'imds'])
      expect(ids).toContain(id)
  })

  it.each(withJson.map(([id]) => [id]))('%s: a usage error', async (id) => {
    const r = await run([...id.split(':'), '--json', '--no-such-flag-23'])
    expect(r.exitCode).toBe(2)
    const error = jsonError(r.stdout)
    expect(error).toMatchObject({ code: 'UnknownFlag', exitCode: 2 })
    expect(error.hint).toContain(`secrets ${id.replaceAll(':', ' ')} --help`)
    expect(r.stderr).toContain('secrets: error: Unknown flag --no-such-flag-23.')
  })

  it.each([
    [['get', '/app/none/x', '--json'], 'ParameterNotFound'],
    [['history', '/app/none/x', '--json'], 'ParameterNotFound'],
    [['delete', '/app/none/x', '--json', '--yes'], 'ParameterNotFound'],
    [['list', 'nope', '--json'], 'UsageError'],
  ])('%j: a failure of the command itself', async (args, code) => {
    const r = await run(args)
    expect(r.exitCode).toBe(2)
    const error = jsonError(r.stdout)
    expect(error.code).toBe(code)
    expect(error.exitCode).toBe(2)
  })

  it('delete of a missing parameter has a next: line', async () => {
    const r = await run(['delete', '/app/none/x', '--yes'])
    expect(r.stderr).toContain('next: See `secrets list /app/none`.')
  })
})

describe('one error style, from the project reporter, with a next: line (23.16, 23.9, 19.14)', () => {
  it.each<[string[], number, string, string]>([
    [
      ['run', '--imds', '--ecs', '--', 'true'],
      125,
      '--ecs and --imds cannot be used together.',
      'next: Pick one of --ecs or --imds.',
    ],
    [['add-key'], 2, '--profile is required.', 'next: Add --profile VALUE.'],
    [['get'], 2, 'Missing the argument PATH.', 'next: See `secrets get --help`.'],
    [
      ['run', '--path', '/myapp/dev', 'npm', 'start'],
      125,
      'Unexpected argument before --: npm start',
      'next: Did you forget `--` before `npm start`?',
    ],
  ])('%j', async (args, exitCode, message, next) => {
    const r = await run(args)
    expect(r.exitCode).toBe(exitCode)
    expect(r.stderr).toContain(`secrets: error: ${message}`)
    expect(r.stderr).toContain(next)
    expect(r.stderr).not.toMatch(/The following errors? occurred|Missing required flag|›/)
  })

  it('`set PATH VALUE` names the length, never the value, and stores nothing', async () => {
    const value = 'hunter2-correct-horse-1'
    const r = await run(['set', '/app/argv/x', value, '--json'])
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain(
      'unexpected argument (23 characters): values are read from stdin or a prompt, never from argv.',
    )
    expect(r.stdout + r.stderr).not.toContain(value)
    expect((await run(['get', '/app/argv/x'])).exitCode).toBe(2)
  })

  it('rotate aws-key prints nothing before a validation failure', async () => {
    const r = await run(['rotate', 'aws-key', '--profile', 'nokey'])
    expect(r.exitCode).toBe(2)
    expect(r.stderr).not.toContain('Rotating')
    expect(r.stderr.trimStart().startsWith('secrets: error:')).toBe(true)
  })
})

describe('did-you-mean everywhere (23.15)', () => {
  it.each<[string[], string]>([
    [['rotate', 'aws-kye'], 'Did you mean `secrets rotate aws-key`?'],
    [['imds', 'triger'], 'Did you mean `secrets imds trigger`'],
    [['help', 'rotaet'], 'Did you mean `secrets help rotate`'],
    [['-v'], 'Did you mean `secrets --version`?'],
    [['version'], 'Did you mean `secrets --version`?'],
  ])('%j', async (args, hint) => {
    const r = await run(args)
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('secrets: error: There is no command')
    expect(r.stderr).toContain(hint)
    expect(r.stderr).not.toContain('›')
  })

  it("`help nosuch` is our error, not oclif's", async () => {
    const r = await run(['help', 'nosuch'])
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('secrets: error: There is no command `secrets help nosuch`.')
  })

  it('a mistyped parameter name', async () => {
    const set = await run(['set', '/myapp/dev/db/password'], { input: 'v4lue-23' })
    expect(set.exitCode, set.stderr).toBe(0)
    const r = await run(['get', '/myapp/dev/db/pasword'])
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('next: Did you mean /myapp/dev/db/password?')
    expect(r.stdout + r.stderr).not.toContain('v4lue-23')
  })
})

describe('no credentials is not "rejected credentials" (23.4)', () => {
  // No profile, no [default], no keys; an endpoint that would refuse if anything were sent.
  const env = () => ({ AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_REGION: 'us-east-1' })
  beforeAll(() => {
    mkdirSync(join(home.dir, '.aws'), { recursive: true })
    writeFileSync(
      home.env.AWS_CONFIG_FILE ?? '',
      '[profile dev]\nsso_session = corp\n[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n[profile ci]\nregion = us-east-1\n',
    )
  })

  it.each([
    [['whoami']],
    [['whoami', '--json']],
    [['list', '/app', '--store', 'ssm']],
    [['imds']],
    [['run', '--imds', '--', 'true']],
    [['credentials']],
  ])('%j', async (args) => {
    const r = await run(args, { env: env() })
    expect(r.exitCode).not.toBe(0)
    expect(r.stderr).toContain('secrets: error: No AWS credentials: no profile given')
    expect(r.stderr).toContain('IAM Identity Center profiles: dev; other profiles: ci')
    expect(r.stderr).not.toMatch(/rejected the credentials|Could not reach/)
  })
})

describe('one profile rule; login checks first and reuses a valid session (23.3, 23.18)', () => {
  let ic: IdentityCenter
  let sso: ReturnType<typeof ssoHome>
  let project: string
  beforeAll(async () => {
    ic = await startIdentityCenter({ interval: 1 })
    sso = ssoHome(ic, moto)
    project = mkdtempSync(join(tmpdir(), 'secrets-project-'))
    writeFileSync(join(project, '.secretsrc.json'), JSON.stringify({ profile: 'dev' }))
    await trustIfGated(join(project, '.secretsrc.json'), sso.cliEnv)
  })
  afterAll(async () => {
    await ic.close()
    sso.remove()
    rmSync(project, { recursive: true, force: true })
  })
  const inProject = (args: string[], env: Record<string, string> = {}) =>
    runCli(args, { env: { ...sso.cliEnv, ...env }, cwd: project })

  it('login in the project signs in to its profile and says where the profile came from', async () => {
    const child = execa('node', [BIN, 'login', '--no-browser', '--json'], {
      env: { ...process.env, ...sso.cliEnv, BROWSER: '' },
      cwd: project,
      reject: false,
      timeout: 60_000,
      stdin: 'ignore',
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      const code = /Code: ([A-Z]{4}-[A-Z]{4})/.exec(chunk.toString())?.[1]
      if (code) ic.approve(code)
    })
    const r = await child
    expect(r.exitCode, String(r.stderr)).toBe(0)
    expect(String(r.stderr)).toContain(
      `secrets: using profile dev (from ${join(project, '.secretsrc.json')})`,
    )
    expect(JSON.parse(String(r.stdout))).toMatchObject({ profile: 'dev', alreadySignedIn: false })
  })

  it('whoami, and a second login reuses the valid session (no new device authorization)', async () => {
    const who = await inProject(['whoami', '--json'])
    expect(who.exitCode, String(who.stderr)).toBe(0)
    expect(JSON.parse(String(who.stdout))).toMatchObject({ profile: 'dev', roleName: 'Developer' })
    const before = ic.count('StartDeviceAuthorization')
    const again = await inProject(['login', '--no-browser'])
    expect(again.exitCode, String(again.stderr)).toBe(0)
    expect(String(again.stderr)).toContain('Already signed in (--force signs in again)')
    expect(ic.count('StartDeviceAuthorization')).toBe(before)
  })

  it('AWS_PROFILE outranks the project config, and says so', async () => {
    const r = await inProject(['rotate', 'aws-key'], { AWS_PROFILE: 'static' })
    expect(String(r.stderr)).toContain('secrets: using profile static (from AWS_PROFILE)')
    expect(String(r.stderr)).toContain('No access key is stored for profile static')
  })

  it('a non-TTY login with no role to pick fails before any device authorization', async () => {
    const before = ic.requests.length
    const r = await inProject(['login', '--no-browser', '--profile', 'pick', '--force'])
    expect(r.exitCode).toBe(2)
    expect(String(r.stderr)).toContain(
      'No role chosen for pick, and there is no terminal to ask (checked before signing in).',
    )
    expect(ic.requests.length).toBe(before)
  })

  it('logout in the project ends dev and names the other profiles of its sso-session', async () => {
    const r = await inProject(['logout'])
    expect(r.exitCode, String(r.stderr)).toBe(0)
    expect(String(r.stderr)).toContain('secrets: using profile dev (from')
    expect(String(r.stderr)).toContain('Signed out of corp. This also signed out pick (same sso-session).')
  })
})

describe('the team store is never changed without a word (23.7)', () => {
  let project: string
  const env = () => ({ ...motoEnv(moto) })
  const path = `/first-hour/${process.pid}/api-key`
  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'secrets-project-'))
    writeFileSync(join(project, '.secretsrc.json'), JSON.stringify({ store: 'ssm' }))
    await trustIfGated(join(project, '.secretsrc.json'), { ...home.env, ...env() })
  })
  afterAll(() => rmSync(project, { recursive: true, force: true }))

  it('a write the project config sent to ssm names the store and account first', async () => {
    const r = await run(['set', path], { env: env(), cwd: project, input: 'team-v4lue' })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stderr).toContain(
      `Writing ${path} to the ssm store (the default credentials, account 123456789012, us-east-1), chosen by ${join(project, '.secretsrc.json')}`,
    )
    const flagged = await run(['set', path, '--store', 'ssm'], { env: env(), input: 'team-v4lue-2' })
    expect(flagged.exitCode, flagged.stderr).toBe(0)
    expect(flagged.stderr).not.toContain('Writing')
  })

  it('delete without a terminal and without --yes refuses, and the parameter stays', async () => {
    const r = await run(['delete', path], { env: env(), cwd: project })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain(
      `Not deleting ${path} from the ssm store (the default credentials, account 123456789012, us-east-1): there is no terminal to confirm it.`,
    )
    expect(r.stderr).toContain(`next: Pass --yes to delete without asking`)
    expect((await run(['get', path, '--store', 'ssm'], { env: env() })).exitCode).toBe(0)
  })

  it('delete --yes names store, profile and account, then deletes', async () => {
    const r = await run(['delete', path, '--yes'], { env: env(), cwd: project })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stderr).toContain(
      `Deleting ${path} and its history from the ssm store (the default credentials, account 123456789012`,
    )
    expect((await run(['get', path, '--store', 'ssm'], { env: env() })).exitCode).toBe(2)
    expect(r.stdout + r.stderr).not.toContain('team-v4lue')
  })
})

describe('run: layered paths, empty paths, names (23.5, 23.6, 23.17, 23.19)', () => {
  const print = (name: string) => [
    'node',
    '-e',
    `process.stdout.write(process.env[${JSON.stringify(name)}] ?? '<unset>')`,
  ]
  beforeAll(async () => {
    for (const [path, value] of [
      ['/layers/shared/db/password', 'shared-pw-23'],
      ['/layers/shared/region', 'eu-west-1'],
      ['/layers/dev/db/password', 'dev-pw-23'],
      ['/layers/names/2fa/seed', 'seed-23'],
    ] as const) {
      const r = await run(['set', path], { input: value })
      expect(r.exitCode, r.stderr).toBe(0)
    }
  })

  it('a later --path overrides an earlier one; --explain shows it, in columns', async () => {
    const r = await run([
      'run',
      '--path',
      '/layers/shared',
      '--path',
      '/layers/dev',
      '--explain',
      '--',
      ...print('DB_PASSWORD'),
    ])
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).toBe('dev-pw-23')
    expect(r.stderr).toContain(
      'DB_PASSWORD        local:/layers/dev/db/password  version 1  (overrides local:/layers/shared/db/password)',
    )
    expect(r.stderr).toContain('REGION             local:/layers/shared/region    version 1')
    expect(r.stderr).not.toMatch(/dev-pw-23|shared-pw-23/)
  })

  it('a mistyped --path exits 125 with the nearest paths; --allow-empty runs', async () => {
    const r = await run(['run', '--path', '/layers/dve', '--', 'true'])
    expect(r.exitCode).toBe(125)
    expect(r.stderr).toContain(
      'secrets: error: --path /layers/dve: no parameters under it in the local store.',
    )
    expect(r.stderr).toContain('next: Did you mean /layers/dev?')
    const allowed = await run(['run', '--path', '/layers/dve', '--allow-empty', '--', 'true'])
    expect(allowed.exitCode, allowed.stderr).toBe(0)
  })

  it('a --path naming a leaf is named after its last segment', async () => {
    const r = await run(['run', '--path', '/layers/dev/db/password', '--', ...print('PASSWORD')])
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).toBe('dev-pw-23')
  })

  it('an invalid POSIX name is prefixed, with a warning naming both', async () => {
    const r = await run(['run', '--path', '/layers/names', '--', ...print('_2FA_SEED')])
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).toBe('seed-23')
    expect(r.stderr).toContain(
      'warning: /layers/names/2fa/seed: 2FA_SEED is not a valid variable name (shells drop it); injected as _2FA_SEED.',
    )
  })
})
