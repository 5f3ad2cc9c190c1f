import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { ROOT, runCli, tempHome, type TempHome, trustConfigSync } from '../../helpers/cli.js'
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.js'
import { motoEnv } from '../../helpers/moto.js'

const DUMP = join(ROOT, 'test/fixtures/run/env-dump.mjs')
const moto = inject('motoUrl')
const homes: TempHome[] = []
let proxy: FaultProxy
beforeAll(async () => {
  proxy = await startFaultProxy(moto)
})
afterAll(async () => {
  await proxy.close()
  homes.forEach((h) => h.remove())
})

/** A home (file keychain) and a project dir in it; `store` selects local or ssm (via the proxy). */
function project(store: 'local' | 'ssm', config: Record<string, unknown>) {
  const home = tempHome()
  homes.push(home)
  const dir = join(home.dir, 'project')
  mkdirSync(dir)
  writeFileSync(join(dir, '.secretsrc.json'), JSON.stringify({ store, ...config }))
  trustConfigSync(join(dir, '.secretsrc.json'), home.env)
  // The proxy starts in beforeAll, after describe bodies ran: read its URL per call.
  const env = () => (store === 'ssm' ? { ...home.env, ...motoEnv(proxy.url) } : home.env)
  const cli = (args: string[], input?: string) =>
    runCli(args, { env: env(), cwd: dir, ...(input !== undefined ? { input } : {}) })
  const dump = async (args: string[]) => {
    const r = await cli(['run', ...args, '--', 'node', DUMP])
    return { ...r, vars: r.exitCode === 0 ? (JSON.parse(String(r.stdout)) as Record<string, string>) : {} }
  }
  return { home, dir, cli, dump }
}

describe.each(['local', 'ssm'] as const)('versions and labels (%s store)', (store) => {
  const app = `/v${randomBytes(4).toString('hex')}`
  const p = project(store, { paths: [`${app}/cfg`] })

  beforeAll(async () => {
    for (const v of ['pw-one', 'pw-two', 'pw-three'])
      expect((await p.cli(['set', `${app}/db/password`], v)).exitCode).toBe(0)
    expect((await p.cli(['set', `${app}/cfg/url`], 'url-one')).exitCode).toBe(0)
  }, 60_000)

  it('get PATH:VERSION and PATH:LABEL; a label moves; history shows labels', async () => {
    expect((await p.cli(['get', `${app}/db/password:2`])).stdout).toBe('pw-two')
    expect((await p.cli(['label', `${app}/db/password`, '1', 'prod'])).exitCode).toBe(0)
    expect((await p.cli(['get', `${app}/db/password:prod`])).stdout).toBe('pw-one')
    expect((await p.cli(['label', `${app}/db/password`, '3', 'prod', 'canary'])).exitCode).toBe(0)
    expect((await p.cli(['get', `${app}/db/password:prod`])).stdout).toBe('pw-three')
    const history = JSON.parse(String((await p.cli(['history', `${app}/db/password`, '--json'])).stdout)) as {
      version: number
      labels?: string[]
    }[]
    expect(history.map((h) => [h.version, h.labels ?? []])).toEqual([
      [1, []],
      [2, []],
      [3, ['prod', 'canary']],
    ])
    const table = String((await p.cli(['history', `${app}/db/password`])).stdout)
    expect(table).toMatch(/prod,canary/)
    expect(table).not.toContain('pw-')
  }, 60_000)

  it('a missing version or label names the parameter, the selector and what exists (exit 2)', async () => {
    const version = await p.cli(['get', `${app}/db/password:9`])
    expect(version.exitCode).toBe(2)
    expect(version.stderr).toContain(`${app}/db/password in the ${store} store has no version 9`)
    expect(version.stderr).toMatch(/versions 1–3; labels prod→3, canary→3/)
    const label = await p.cli(['get', `${app}/db/password:stage`])
    expect(label.exitCode).toBe(2)
    expect(label.stderr).toMatch(/no label "stage"/)
    const bad = await p.cli(['label', `${app}/db/password`, '2', 'aws-x'])
    expect(bad.exitCode).toBe(2)
    expect(bad.stderr).toMatch(/cannot start with "aws" or "ssm"/)
  }, 60_000)

  it('env-file references pin versions and labels; --explain shows the version of each variable', async () => {
    writeFileSync(
      join(p.dir, '.env'),
      [
        `OLD=${store}:${app}/db/password:1`,
        `LABELLED=${store}:${app}/db/password:prod`,
        `LATEST=${store}:${app}/db/password`,
        `TWO=${store}:${app}/db/password:2`,
      ].join('\n'),
    )
    const r = await p.dump(['--env-file', '.env', '--explain'])
    expect(r.exitCode, String(r.stderr)).toBe(0)
    expect([r.vars.OLD, r.vars.LABELLED, r.vars.LATEST, r.vars.TWO]).toEqual([
      'pw-one',
      'pw-three',
      'pw-three',
      'pw-two',
    ])
    expect(r.vars.URL).toBe('url-one')
    expect(r.stderr).toMatch(new RegExp(`OLD +env-file .*→ ${store}:${app}/db/password:1 +version 1`))
    expect(r.stderr).toMatch(new RegExp(`URL +${store}:${app}/cfg/url +version 1`))
    writeFileSync(join(p.dir, 'missing.env'), `GONE=${store}:${app}/db/password:42\n`)
    const missing = await p.dump(['--env-file', 'missing.env'])
    expect(missing.exitCode).toBe(125)
    expect(missing.stderr).toMatch(/GONE refers to .*:42: .* has no version 42 .*versions 1–3/)
  }, 60_000)

  it('pin, a notice when the store moves on, --frozen refuses, --locked injects the locked versions', async () => {
    writeFileSync(join(p.dir, '.env'), `DB=${store}:${app}/db/password\n`)
    expect((await p.cli(['pin', '--env-file', '.env'])).exitCode).toBe(0)
    const lock = readFileSync(join(p.dir, 'secrets.lock.json'), 'utf8')
    expect(
      JSON.parse(lock).parameters.map((e: { name: string; version: number }) => [e.name, e.version]),
    ).toEqual([
      [`${app}/cfg/url`, 1],
      [`${app}/db/password`, 3],
    ])
    expect(lock).not.toMatch(/pw-|url-one/)
    expect((await p.cli(['pin', '--check', '--env-file', '.env'])).exitCode).toBe(0)
    expect((await p.cli(['set', `${app}/cfg/url`], 'url-two')).exitCode).toBe(0)
    const check = await p.cli(['pin', '--check', '--env-file', '.env'])
    expect(check.exitCode).toBe(1)
    expect(check.stdout).toMatch(new RegExp(`^${store}:${app}/cfg/url +1→2$`, 'm'))
    const notice = await p.dump(['--env-file', '.env'])
    expect(notice.exitCode).toBe(0)
    expect(notice.vars.URL).toBe('url-two')
    expect(
      String(notice.stderr)
        .split('\n')
        .filter((l) => l.includes('moved on')),
    ).toEqual([
      `secrets: warning: moved on since secrets.lock.json: ${store}:${app}/cfg/url 1→2 (\`secrets pin\` to update it).`,
    ])
    const frozen = await p.dump(['--env-file', '.env', '--frozen'])
    expect(frozen.exitCode).toBe(125)
    expect(frozen.stderr).toMatch(/--frozen: .* 1→2/)
    expect(frozen.stderr).toMatch(/next: .*`secrets pin`/)
    const locked = await p.dump(['--env-file', '.env', '--locked'])
    expect(locked.exitCode, String(locked.stderr)).toBe(0)
    expect([locked.vars.URL, locked.vars.DB]).toEqual(['url-one', 'pw-three'])
    if (store === 'ssm') {
      // The offline cache works with pins: a cached copy of the pinned versions is a hit.
      proxy.mode = { kind: 'drop' }
      // (env-file references are read from the store itself, as before pins: no --env-file here.)
      const cached = await p.dump(['--locked', '--offline'])
      proxy.mode = { kind: 'pass' }
      expect(cached.exitCode, String(cached.stderr)).toBe(0)
      expect(cached.vars.URL).toBe('url-one')
    }
  }, 90_000)
})
