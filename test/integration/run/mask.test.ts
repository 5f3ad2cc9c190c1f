import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { ROOT, runCli, tempHome, trustConfig, type TempHome } from '../../helpers/cli.js'
import { mkdirSync, writeFileSync } from 'node:fs'

// `secrets run --mask` with a real child: every form of an injected value is replaced by
// ****NAME on stdout and stderr, a value split across writes too; short values are named.

const CHILD = join(ROOT, 'test', 'fixtures', 'run', 'mask-child.mjs')
// Characters that URL-encoding, base64 and JSON all change.
const VALUE = 'p@ss/w0rd+"quoted"\\end'
let home: TempHome

beforeAll(async () => {
  home = tempHome()
  for (const [path, value] of [
    ['/mask/db-password', VALUE],
    ['/mask/short', 'abc'],
  ] as const)
    expect((await runCli(['set', path], { env: home.env, input: `${value}\n` })).exitCode).toBe(0)
})
afterAll(() => home?.remove())

describe('secrets run --mask', () => {
  it('masks plain, split, URL-encoded, base64 and JSON-escaped forms; keeps the exit code', async () => {
    const r = await runCli(['run', '--mask', '-p', '/mask', '--', 'node', CHILD, 'DB_PASSWORD', '7'], {
      env: home.env,
    })
    expect(r.exitCode).toBe(7)
    expect(String(r.stdout).split('\n')).toEqual([
      'plain=****DB_PASSWORD',
      'split=****DB_PASSWORD',
      'url=****DB_PASSWORD',
      'b64=****DB_PASSWORD',
      'short=abc',
    ])
    expect(String(r.stderr)).toContain('json={"value":"****DB_PASSWORD"}')
    expect(String(r.stderr)).toContain('--mask: not masking SHORT (shorter than 6 characters')
    for (const form of [VALUE, encodeURIComponent(VALUE), Buffer.from(VALUE).toString('base64')])
      expect(String(r.stdout) + String(r.stderr)).not.toContain(form)
  })

  it('"mask": true in .secretsrc.json turns it on (no trust needed for it alone)', async () => {
    const project = join(home.dir, 'masked')
    mkdirSync(project)
    writeFileSync(join(project, '.secretsrc.json'), JSON.stringify({ mask: true, paths: ['/mask'] }))
    await trustConfig(join(project, '.secretsrc.json'), home.env)
    const r = await runCli(['run', '--', 'node', CHILD, 'DB_PASSWORD'], { env: home.env, cwd: project })
    expect(r.exitCode, String(r.stderr)).toBe(0)
    expect(String(r.stdout)).toContain('plain=****DB_PASSWORD')
    expect(String(r.stdout)).not.toContain(VALUE)
  })

  it("without --mask the output is the child's own", async () => {
    const r = await runCli(['run', '-p', '/mask', '--', 'node', CHILD, 'DB_PASSWORD'], { env: home.env })
    expect(String(r.stdout)).toContain(`plain=${VALUE}`)
  })
})
