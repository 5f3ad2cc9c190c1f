// Installs the CLI the way a user does (issue 24): `npm pack` once, `npm install -g` of the
// tarball into a temp prefix on a fresh HOME, then every check runs the installed `secrets` from
// a directory outside the clone, with no path into the clone in its environment or arguments.
// Dependencies come from the npm cache already on disk (`--offline`); only when that cache lacks
// something does the install fall back to the registry (`--prefer-offline`). The tarball is
// packed with --ignore-scripts: `npm test` built dist/ already, and a rebuild would rewrite the
// files other test files are running.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { execa, type Options } from 'execa'

/** What a check reads of a finished process. */
interface Ran {
  exitCode?: number | undefined
  stdout: string
  stderr: string
}
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { ROOT, tempHome, type TempHome } from '../helpers/cli.js'
import {
  startIdentityCenter,
  identityCenterEnv,
  type IdentityCenter,
} from '../fakes/identity-center/index.js'
import { GITHUB_TOKEN } from '../integration/scan/scan-repo.js'
import { ssoDevConfig } from '../integration/sso/sso-fixture.js'

vi.setConfig({ testTimeout: 120_000, hookTimeout: 600_000 })
const moto = inject('motoUrl')
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string }

interface PackEntry {
  path: string
}

/** What `npm pack --dry-run --json` lists: the files the tarball holds. */
async function packList(): Promise<string[]> {
  const r = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT })
  const [report] = JSON.parse(r.stdout) as [{ name: string; files: PackEntry[] }]
  expect(report.name).toBe(pkg.name)
  return report.files.map((f) => f.path)
}

let work: string
let home: TempHome
let prefix: string
let project: string
let ic: IdentityCenter
let env: Record<string, string>
const secrets = () => join(prefix, 'bin', 'secrets')

/** Runs a command as the user would, from `cwd` (outside the clone); never throws. */
function sh(file: string, args: string[], options: { cwd?: string; input?: string } = {}): Promise<Ran> {
  const execaOptions: Options = {
    env,
    extendEnv: false,
    reject: false,
    cwd: options.cwd ?? project,
    timeout: 90_000,
    ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' }),
  }
  return execa(file, args, execaOptions) as unknown as Promise<Ran>
}

describe('installed from the packed tarball (npm install -g)', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'secrets-install-'))
    prefix = join(work, 'prefix')
    project = join(work, 'project')
    mkdirSync(project)
    const packed = await execa('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], {
      cwd: ROOT,
    })
    const tarball = join(work, packed.stdout.trim().split('\n').at(-1) ?? '')
    expect(existsSync(tarball), packed.stderr).toBe(true)

    // A fresh HOME; npm reads the user's cache (the registry's tarballs and metadata on disk).
    home = tempHome({ keychain: 'os' })
    const npmCache = process.env.npm_config_cache || join(homedir(), '.npm')
    const base = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_|npm_|INIT_CWD$|OLDPWD$|PWD$)/i.test(k)),
    )
    // PATH: the installed bin first, then the Node under test; nothing from the clone.
    const path = [join(prefix, 'bin'), dirname(process.execPath), ...(base.PATH ?? '').split(':')]
      .filter((p) => !p.startsWith(ROOT))
      .join(':')
    env = { ...base, ...home.env, PATH: path }
    const install = (mode: string) =>
      execa(
        'npm',
        [
          'install',
          '-g',
          '--prefix',
          prefix,
          '--cache',
          npmCache,
          mode,
          '--no-audit',
          '--no-fund',
          '--loglevel=error',
          tarball,
        ],
        { env, extendEnv: false, reject: false, cwd: work, timeout: 540_000 },
      )
    let installed = await install('--offline')
    if (installed.exitCode !== 0 && /ENOTCACHED/.test(installed.stderr))
      installed = await install('--prefer-offline')
    expect(installed.exitCode, installed.stderr).toBe(0)
    ic = await startIdentityCenter({ decision: 'approve', approveAfterPolls: 1, interval: 1 })
  })
  afterAll(async () => {
    await ic?.close()
    home?.remove()
    rmSync(work, { recursive: true, force: true })
  })

  it('ships bin, dist, docs and the manifest, and no tests, benches, fixtures or sources', async () => {
    const files = await packList()
    const top = new Set(files.map((f) => f.split('/')[0]))
    expect([...top].sort()).toEqual([
      'README.md',
      'bin',
      'dist',
      'docs',
      'oclif.manifest.json',
      'package.json',
    ])
    expect(
      files.filter(
        (f) => /(^|\/)(test|tests|bench|fixtures|__tests__)\//.test(f) || /\.test\.[jt]s$/.test(f),
      ),
    ).toEqual([])
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([])
    // Every docs/*.md a message of the CLI points at is in the package.
    const cited = new Set<string>()
    for (const f of files.filter((f) => f.startsWith('dist/') && f.endsWith('.js'))) {
      for (const m of readFileSync(join(ROOT, f), 'utf8').matchAll(/docs\/[a-z-]+\.md/g)) cited.add(m[0])
    }
    expect(cited.size).toBeGreaterThan(0)
    for (const doc of cited) expect(files, doc).toContain(doc)
  })

  it('the installed secrets is the package, not the clone', async () => {
    const r = await sh('secrets', ['--version'])
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).toContain(`/${pkg.version} `)
    expect(r.stdout).toContain(`node-${process.version}`)
    const where = await sh('node', [
      '-e',
      'console.log(require("fs").realpathSync(process.argv[1]))',
      secrets(),
    ])
    expect(where.stdout.trim().startsWith(join(prefix, 'lib', 'node_modules', pkg.name))).toBe(true)
  })

  it('runs a command under secrets run with the OS keychain (the native addon loads)', async () => {
    const set = await sh('secrets', ['set', '/app/dev/greeting', '--store', 'local'], {
      input: 'hello-installed',
    })
    expect(set.exitCode, set.stderr).toBe(0)
    const run = await sh('secrets', ['run', '--store', 'local', '--', 'true'])
    expect(run.exitCode, run.stderr).toBe(0)
    const seen = await sh('secrets', [
      'run',
      '--store',
      'local',
      '--path',
      '/app/dev',
      '--',
      'node',
      '-e',
      'process.exit(process.env.GREETING === "hello-installed" ? 0 : 7)',
    ])
    expect(seen.exitCode, seen.stderr).toBe(0)
  })

  it('scans a tree: exit 1 on a planted secret, 0 once it is gone', async () => {
    const tree = join(work, 'tree')
    mkdirSync(tree)
    writeFileSync(join(tree, 'leak.ts'), `export const t = "${GITHUB_TOKEN}"\n`)
    const found = await sh('secrets', ['scan', '.'], { cwd: tree })
    expect(found.exitCode, found.stderr).toBe(1)
    expect(`${found.stdout}${found.stderr}`).not.toContain(GITHUB_TOKEN)
    rmSync(join(tree, 'leak.ts'))
    writeFileSync(join(tree, 'ok.ts'), 'export const ok = true\n')
    expect((await sh('secrets', ['scan', '.'], { cwd: tree })).exitCode).toBe(0)
  })

  it('hook install in a new repository calls the installed CLI and blocks a secret', async () => {
    const repo = join(work, 'repo')
    mkdirSync(repo)
    const git = (...args: string[]) => sh('git', args, { cwd: repo })
    await git('init', '-q', '-b', 'main')
    await git('config', 'user.name', 'Installer')
    await git('config', 'user.email', 'installer@example.org')
    await git('config', 'commit.gpgsign', 'false')
    const install = await sh('secrets', ['hook', 'install'], { cwd: repo })
    expect(install.exitCode, install.stderr).toBe(0)
    const hook = readFileSync(join(repo, '.git', 'hooks', 'pre-commit'), 'utf8')
    expect(hook).not.toContain(ROOT)
    expect(hook).toContain(join(prefix, 'lib', 'node_modules', pkg.name))
    writeFileSync(join(repo, 'leak.ts'), `export const t = "${GITHUB_TOKEN}"\n`)
    await git('add', 'leak.ts')
    const blocked = await git('commit', '-m', 'leak')
    expect(blocked.exitCode).not.toBe(0)
    expect(`${blocked.stdout}${blocked.stderr}`).toContain('github-pat')
  })

  it('the aws CLI gets credentials through credential_process = secrets credentials', async () => {
    const config = ssoDevConfig([
      '[profile via-process]',
      `credential_process = ${secrets()} credentials --profile dev`,
      'region = us-east-1',
    ])
    mkdirSync(dirname(env.AWS_CONFIG_FILE ?? ''), { recursive: true })
    writeFileSync(env.AWS_CONFIG_FILE ?? '', config)
    Object.assign(env, identityCenterEnv(ic), { AWS_ENDPOINT_URL_STS: moto, AWS_REGION: 'us-east-1' })
    const login = await sh('secrets', ['login', '--no-browser', '--profile', 'dev'])
    expect(login.exitCode, login.stderr).toBe(0)
    const args = 'sts get-caller-identity --profile via-process --output json --endpoint-url'.split(' ')
    const who = await sh('aws', [...args, moto])
    expect(who.exitCode, who.stderr).toBe(0)
    expect(JSON.parse(who.stdout).Account).toMatch(/^\d{12}$/)
  })
})
