import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { displayWidth } from '../../../src/shared/table.js'
import { runCli, tempHome, trustConfigSync } from '../../helpers/cli.js'
import { seededRandom, B36, B62 } from '../../helpers/scan-values.js'

/**
 * Issue 23.19, "--explain, scan findings and key lists in columns", against the built CLI.
 * What the old code did: `run --explain` padded only the names (the version column after a
 * long source drifted), `pin --check` and `imds trigger` printed one sentence per row, scan
 * findings were joined with two spaces (the rule column moved with each path's length),
 * `--list-rules` and `doctor` padded by UTF-16 length (a wide file name or summary shifted the
 * columns after it). Now every one goes through src/shared/table.ts; each test asserts that a
 * column starts at the same terminal column on every row, wide (CJK) text included.
 */

const home = tempHome()
const project = mkdtempSync(join(tmpdir(), 'secrets-columns-'))
const run = async (args: string[], input?: string) => {
  const r = await runCli(args, { env: home.env, cwd: project, ...(input !== undefined ? { input } : {}) })
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) }
}

/** The terminal column where `marker` starts in each line that has it. */
const startOf = (lines: string[], marker: RegExp) =>
  lines.flatMap((line) => {
    const at = line.search(marker)
    return at === -1 ? [] : [displayWidth(line.slice(0, at))]
  })

beforeAll(async () => {
  writeFileSync(join(project, '.secretsrc.json'), JSON.stringify({ store: 'local', paths: ['/cols/dev'] }))
  trustConfigSync(join(project, '.secretsrc.json'), home.env)
  for (const [path, value] of [
    ['/cols/dev/a', 'v-a'],
    ['/cols/dev/database/password', 'v-db'],
    ['/cols/other/x', 'v-x'],
  ] as const)
    expect((await run(['set', path], value)).exitCode).toBe(0)
  // A wide (CJK) env-file name: its source cell is wider in bytes and UTF-16 than on screen.
  writeFileSync(join(project, '日本語.env'), 'REF=local:/cols/other/x\n')
}, 60_000)

afterAll(() => {
  home.remove()
  rmSync(project, { recursive: true, force: true })
})

describe('key lists in columns (23.19)', () => {
  it('run --explain: name, source and version columns, with a wide env-file name', async () => {
    expect((await run(['pin', '--env-file', '日本語.env'])).exitCode).toBe(0)
    const r = await run(['run', '--env-file', '日本語.env', '--explain', '--', 'true'])
    expect(r.exitCode, r.stderr).toBe(0)
    const lines = r.stderr.split('\n').filter((l) => /^(A|DATABASE_PASSWORD|REF) /.test(l))
    expect(lines).toHaveLength(3)
    expect(new Set(startOf(lines, /local:|env-file/)).size).toBe(1)
    expect(new Set(startOf(lines, /version \d/)).size).toBe(1)
    expect(r.stderr).not.toMatch(/v-a|v-db|v-x/)
  })

  it('pin --check: one difference a row, the change in its own column', async () => {
    expect((await run(['pin'])).exitCode).toBe(0)
    expect((await run(['set', '/cols/dev/a'], 'v-a2')).exitCode).toBe(0)
    expect((await run(['set', '/cols/dev/database/new'], 'v-new')).exitCode).toBe(0)
    const r = await run(['pin', '--check'])
    expect(r.exitCode).toBe(1)
    const lines = r.stdout.trim().split('\n')
    expect(lines).toEqual([
      expect.stringMatching(/^local:\/cols\/dev\/a +1→2$/),
      'local:/cols/dev/database/new  (not in the lock; version 1)',
    ])
    expect(new Set(startOf(lines, /1→2|\(not/)).size).toBe(1)
  })

  it('scan findings: the rule and match columns line up whatever the path (wide names too)', async () => {
    const dir = join(project, 'src')
    mkdirSync(dir, { recursive: true })
    const random = seededRandom(23)
    const key = () => `AKIA${random(16, B36.replace(/[018]/g, ''))}`
    writeFileSync(
      join(dir, 'a.env'),
      `AWS_ACCESS_KEY_ID=${key()}\nAWS_SECRET_ACCESS_KEY=${random(40, B62)}\n`,
    )
    writeFileSync(join(dir, '日本語の設定.py'), `key = "${key()}"\n`)
    const r = await run(['scan', 'src'])
    expect(r.exitCode).toBe(1)
    const lines = r.stdout.trim().split('\n')
    expect(lines.length, r.stdout + r.stderr).toBeGreaterThanOrEqual(2)
    expect(lines.some((l) => l.includes('日本語の設定.py'))).toBe(true)
    expect(new Set(startOf(lines, /aws-/)).size).toBe(1)
    expect(new Set(startOf(lines, /\*\*\*\*/)).size).toBe(1)
  })

  it('scan --list-rules: id, description and source columns', async () => {
    const r = await run(['scan', '--list-rules'])
    expect(r.exitCode).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines.length).toBeGreaterThan(100)
    expect(new Set(startOf(lines, /built-in/)).size).toBe(1)
    expect(lines[0]).toMatch(/^\S+ {2,}\S/)
  })

  it('doctor: status, check and summary columns', async () => {
    const r = await run(['doctor'])
    const lines = r.stdout.split('\n').filter((l) => /^(ok|warn|FAIL) /.test(l))
    expect(lines.length).toBeGreaterThan(5)
    const summaryAt = lines.map((l) => displayWidth(/^(ok|warn|FAIL) +\S+ +/.exec(l)?.[0] ?? ''))
    expect(new Set(summaryAt).size).toBe(1)
    // A fix line starts under the summary column.
    const fixes = r.stdout.split('\n').filter((l) => /^ +fix: /.test(l))
    for (const fix of fixes) expect(fix.indexOf('fix:')).toBe(summaryAt[0])
  }, 90_000)

  it('list --reveal on a terminal-less pipe: aligned rows, a wide String value last', async () => {
    expect((await run(['set', '/cols/dev/greeting', '--type', 'String'], '日本語の値')).exitCode).toBe(0)
    const r = await run(['list', '/cols/dev', '--reveal'])
    expect(r.exitCode, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines.some((l) => l.endsWith('日本語の値'))).toBe(true)
    expect(new Set(startOf(lines, / \d+ {2}\d{4}-/)).size).toBe(1)
  })
})
