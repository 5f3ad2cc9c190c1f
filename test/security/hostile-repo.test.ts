import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execa } from 'execa'
import { BIN, ROOT, runCli, tempHome, type TempHome } from '../helpers/cli.js'

// Issue 19, item 4. The attack: a cloned repository whose `.secretsrc.json` asks for another
// project's paths and the user's files: `{"paths":["/other","/app"],"envFiles":[".env",
// "../../.aws/credentials"]}` with `STOLEN=local:/other/prod/api-key` in its `.env`. The old
// code obeyed it on the first `secrets run`: the child got the other project's production
// secret and `~/.aws/credentials`; `imds.userData` could serve any file. Now a config is used
// only after `secrets trust` (path + SHA-256 of it and its env files; any change asks again),
// and files it names must lie inside the project, trusted or not.

const OTHER_SECRET = 'other-project-prod-secret-value'
const AWS_SECRET = 'victim-aws-secret-access-key-material'
const DUMP = join(ROOT, 'test', 'fixtures', 'run', 'env-dump.mjs')
let home: TempHome
let repo: string
let config: string

beforeAll(async () => {
  home = tempHome()
  mkdirSync(join(home.dir, '.aws'), { recursive: true })
  writeFileSync(join(home.dir, '.aws', 'credentials'), `[default]\naws_secret_access_key = ${AWS_SECRET}\n`)
  for (const [path, value] of [
    ['/other/prod/api-key', OTHER_SECRET],
    ['/app/db-password', 'app-db-password-value'],
  ] as const)
    expect(
      (await runCli(['set', path], { env: home.env, input: `${value}\n`, cwd: home.dir })).exitCode,
    ).toBe(0)
  // The clone: a git work tree two levels under HOME (so ../../ is HOME).
  repo = join(home.dir, 'src', 'hostile')
  mkdirSync(join(repo, '.git'), { recursive: true })
  config = join(repo, '.secretsrc.json')
  writeFileSync(config, JSON.stringify({ paths: ['/other', '/app'], envFiles: ['.env'] }))
  writeFileSync(join(repo, '.env'), 'STOLEN=local:/other/prod/api-key\n')
})

afterAll(() => home?.remove())

const run = () =>
  runCli(['run', '--', 'node', DUMP, 'STOLEN', 'PROD_API_KEY', 'aws_secret_access_key'], {
    env: home.env,
    cwd: repo,
  })

function expectNothingLeaked(...texts: unknown[]) {
  for (const text of texts) {
    expect(String(text)).not.toContain(OTHER_SECRET)
    expect(String(text)).not.toContain(AWS_SECRET)
  }
}

describe('a hostile cloned repository', () => {
  it('is refused until trusted: run 125, store commands 5, with the exact trust command', async () => {
    const r = await run()
    expect(r.exitCode).toBe(125)
    expect(String(r.stdout)).toBe('')
    expect(String(r.stderr)).toContain(`next: Review it, then run: secrets trust ${config}`)
    const list = await runCli(['list'], { env: home.env, cwd: repo })
    expect(list.exitCode).toBe(5)
    expectNothingLeaked(r.stdout, r.stderr, list.stdout, list.stderr)
  })

  it('secrets trust shows what it asks for, including the reference in its env file', async () => {
    const t = await runCli(['trust', '--yes'], { env: home.env, cwd: repo })
    expect(t.exitCode, String(t.stderr)).toBe(0)
    expect(String(t.stderr)).toContain('paths (every parameter under): /other, /app')
    expect(String(t.stderr)).toContain('.env injects STOLEN=local:/other/prod/api-key')
    expectNothingLeaked(t.stdout, t.stderr)
    const listed = await runCli(['trust', '--list'], { env: home.env })
    expect(String(listed.stdout)).toMatch(new RegExp(`^trusted\\t\\S+\\t${config}$`))
  })

  it('any change asks again: an edited env file', async () => {
    writeFileSync(join(repo, '.env'), 'STOLEN=local:/other/prod/api-key\nMORE=local:/other/prod/api-key\n')
    const r = await run()
    expect(r.exitCode).toBe(125)
    expect(String(r.stderr)).toContain(`changed since you trusted it (${join(repo, '.env')})`)
    expectNothingLeaked(r.stdout, r.stderr)
  })

  it.each([
    ['envFiles ../../.aws/credentials', { envFiles: ['.env', '../../.aws/credentials'] }, 'envFiles'],
    ['imds.userData of another file', { imds: { userData: '../../.aws/credentials' } }, 'imds.userData'],
  ])('after trust, files outside the project are refused: %s', async (_name, extra, key) => {
    writeFileSync(config, JSON.stringify({ paths: ['/app'], ...extra }))
    const r = await runCli(['run', '--imds', '--', 'node', DUMP], { env: home.env, cwd: repo })
    expect(r.exitCode).toBe(125)
    expect(String(r.stderr)).toContain(
      `"${key}" names ${join(home.dir, '.aws', 'credentials')}, outside the project directory`,
    )
    const t = await runCli(['trust', '--yes'], { env: home.env, cwd: repo })
    expect(t.exitCode).toBe(5)
    expectNothingLeaked(r.stdout, r.stderr, t.stdout, t.stderr)
  })

  it('a symlink out of the project is outside too', async () => {
    symlinkSync(join(home.dir, '.aws', 'credentials'), join(repo, 'creds.env'))
    writeFileSync(config, JSON.stringify({ envFiles: ['creds.env'] }))
    const t = await runCli(['trust', '--yes'], { env: home.env, cwd: repo })
    expect(t.exitCode).toBe(5)
    expect(String(t.stderr)).toContain('outside the project directory')
    const r = await run()
    expect(r.exitCode).toBe(125)
    expectNothingLeaked(r.stdout, r.stderr, t.stdout, t.stderr)
  })

  it("the same file named on the command line is the user's own choice", async () => {
    writeFileSync(config, JSON.stringify({ paths: ['/app'] }))
    expect((await runCli(['trust', '--yes'], { env: home.env, cwd: repo })).exitCode).toBe(0)
    const r = await runCli(
      ['run', '--env-file', join(repo, '.env'), '--', 'node', DUMP, 'STOLEN', 'DB_PASSWORD'],
      {
        env: home.env,
        cwd: repo,
      },
    )
    expect(r.exitCode, String(r.stderr)).toBe(0)
    expect(JSON.parse(String(r.stdout))).toEqual({
      STOLEN: OTHER_SECRET,
      DB_PASSWORD: 'app-db-password-value',
    })
  })

  it('on a terminal the first use shows the config and asks once: no refuses, yes runs', async () => {
    const project = mkdtempSync(join(home.dir, 'tty-'))
    writeFileSync(join(project, '.secretsrc.json'), JSON.stringify({ paths: ['/app'] }))
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_)/.test(k)))
    // `script` gives the CLI a terminal; the answer is typed into it.
    const onTty = (answer: string) =>
      execa('script', ['-qec', `node ${BIN} run -- node ${DUMP} DB_PASSWORD`, '/dev/null'], {
        env: { ...base, ...home.env },
        extendEnv: false,
        reject: false,
        cwd: project,
        input: answer,
        timeout: 30_000,
      })
    const no = await onTty('n\r')
    expect(String(no.stdout)).toContain('paths (every parameter under): /app')
    expect(String(no.stdout)).toContain('you did not trust it')
    expect(String(no.stdout)).not.toContain('app-db-password-value')
    const yes = await onTty('y\r')
    expect(String(yes.stdout)).toContain('{"DB_PASSWORD":"app-db-password-value"}')
    // Asked once: the next run on a terminal does not ask.
    const again = await onTty('')
    expect(String(again.stdout)).not.toContain('It asks for')
    expect(String(again.stdout)).toContain('{"DB_PASSWORD":"app-db-password-value"}')
  })
})
