import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { lineHash } from '../../../src/core/audit/index.js'
import { runCli, tempHome, type TempHome } from '../../helpers/cli.js'
import { motoEnv } from '../../helpers/moto.js'

const homes: TempHome[] = []
afterAll(() => homes.forEach((h) => h.remove()))
const home = () => {
  const h = tempHome()
  h.env.XDG_STATE_HOME = join(h.dir, '.state')
  homes.push(h)
  return h
}
const logOf = (h: TempHome) => join(h.dir, '.state', 'secrets', 'audit.log')
const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n')

describe('the audit log', () => {
  it('ten parallel `set`s leave ten well-formed, correctly chained entries, 0600, without the values', async () => {
    const h = home()
    // One write first: the file keychain and the store exist, the ten race on the log itself.
    await runCli(['set', '/audit/seed'], { env: h.env, input: 'seed-value-1' })
    const values = Array.from({ length: 10 }, (_, i) => `parallel-secret-${i}-7c1d9e`)
    const results = await Promise.all(
      values.map((v, i) => runCli(['set', `/audit/p${i}`], { env: h.env, input: v })),
    )
    for (const r of results) expect(r.exitCode, String(r.stderr)).toBe(0)
    const all = lines(logOf(h))
    expect(all).toHaveLength(11)
    const entries = all.map(
      (l) => JSON.parse(l) as { seq: number; prev: string; op: string; paths: string[] },
    )
    entries.forEach((e, i) => {
      expect(e.seq).toBe(i + 1)
      if (i > 0) expect(e.prev).toBe(lineHash(all[i - 1] ?? ''))
    })
    expect(
      entries
        .slice(1)
        .map((e) => e.paths[0])
        .sort(),
    ).toEqual(values.map((_, i) => `/audit/p${i}`).sort())
    expect(statSync(logOf(h)).mode & 0o777).toBe(0o600)
    const text = readFileSync(logOf(h), 'utf8')
    for (const v of values) expect(text).not.toContain(v)
    const verify = await runCli(['audit', '--verify'], { env: h.env })
    expect(verify.exitCode, String(verify.stderr)).toBe(0)
    expect(verify.stderr).toContain('11 entries, chain intact')
  }, 120_000)

  it('records get with its version, run with argv[0], cwd and names; queries by op and path', async () => {
    const h = home()
    await runCli(['set', '/q/app/token'], { env: h.env, input: 'tok-v1-aa' })
    await runCli(['set', '/q/app/token'], { env: h.env, input: 'tok-v2-bb' })
    expect((await runCli(['get', '/q/app/token:1'], { env: h.env })).stdout).toBe('tok-v1-aa')
    const run = await runCli(['run', '--path', '/q/app', '--', 'node', '-e', 'process.exit(3)'], {
      env: h.env,
    })
    expect(run.exitCode).toBe(3)
    const gets = JSON.parse(String((await runCli(['audit', '--op', 'get', '--json'], { env: h.env })).stdout))
    expect(gets).toMatchObject({
      op: 'get',
      store: 'local',
      paths: ['/q/app/token'],
      versions: { '/q/app/token': 1 },
      result: 'ok',
      exit: 0,
    })
    const runs = String(
      (await runCli(['audit', '--op', 'run', '--json', '--path', '/q'], { env: h.env })).stdout,
    )
    expect(JSON.parse(runs)).toMatchObject({
      op: 'run',
      argv0: 'node',
      names: expect.arrayContaining(['TOKEN']),
      versions: { '/q/app/token': 2 },
      exit: 3,
    })
    expect(readFileSync(logOf(h), 'utf8')).not.toMatch(/tok-v[12]/)
  }, 60_000)

  it('run --ecs records the credential vend with the run (moto STS)', async () => {
    const h = home()
    const r = await runCli(['run', '--ecs', '--', 'node', '-e', '0'], {
      env: { ...h.env, ...motoEnv(inject('motoUrl')) },
    })
    expect(r.exitCode, String(r.stderr)).toBe(0)
    const ops = lines(logOf(h)).map((l) => (JSON.parse(l) as { op: string }).op)
    expect(ops).toEqual(['ecs', 'run'])
    expect(readFileSync(logOf(h), 'utf8')).not.toMatch(/SecretAccessKey|moto-test-secret/)
  }, 60_000)

  it('--verify names the first changed or removed entry (exit 1); rotation keeps the chain across files', async () => {
    const h = home()
    h.env.SECRETS_AUDIT_MAX_BYTES = '700'
    for (let i = 0; i < 7; i++) await runCli(['set', `/rot/p${i}`], { env: h.env, input: `rot-${i}` })
    const dir = join(h.dir, '.state', 'secrets')
    const files = readdirSync(dir).filter((f) => f.startsWith('audit.log') && !f.endsWith('.lock'))
    expect(files.length).toBeGreaterThanOrEqual(3)
    const ok = await runCli(['audit', '--verify'], { env: h.env })
    expect(ok.exitCode, String(ok.stderr)).toBe(0)
    // The head of the newest file commits to the last line of the one before it.
    const rotated = lines(join(dir, 'audit.log.1'))
    expect((JSON.parse(lines(logOf(h))[0] ?? '{}') as { prev: string }).prev).toBe(
      lineHash(rotated.at(-1) ?? ''),
    )
    // Change one entry in the rotated file: reported, exit 1.
    const changed = rotated.map((l, i) => (i === 0 ? l.replace('"set"', '"get"') : l))
    writeFileSync(join(dir, 'audit.log.1'), `${changed.join('\n')}\n`)
    const bad = await runCli(['audit', '--verify'], { env: h.env })
    expect(bad.exitCode).toBe(1)
    expect(bad.stderr).toMatch(/entry #\d+ at .*audit\.log\.1:1 was changed/)
    // Remove one entry instead (the rotated file's first: the one before it is in audit.log.2).
    expect(rotated.length).toBeGreaterThanOrEqual(2)
    writeFileSync(join(dir, 'audit.log.1'), `${rotated.slice(1).join('\n')}\n`)
    const removed = await runCli(['audit', '--verify'], { env: h.env })
    expect(removed.exitCode).toBe(1)
    expect(removed.stderr).toMatch(/entry #\d+ removed/)
  }, 120_000)
})
