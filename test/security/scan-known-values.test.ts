import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, tempHome, trustConfig, type TempHome } from '../helpers/cli.js'

// `scan --known-values` reads the project's own values through its store, from the paths its
// `.secretsrc.json` names. The attack: a hostile repository whose config names another
// project's paths, and whose files plant guesses of that project's values; the scan's output
// would tell which guess is a stored value (the parameter's name beside the match). The
// config is obeyed only once trusted (the same gate as `run`), so the untrusted scan reads no
// store at all and says how to trust.

const OTHER_SECRET = 'other-project-prod-guessable-Winter2026' // secrets:allow (test value)
let home: TempHome
let repo: string

beforeAll(async () => {
  home = tempHome()
  const set = await runCli(['set', '/other/prod/api-key'], {
    env: home.env,
    input: `${OTHER_SECRET}\n`,
    cwd: home.dir,
  })
  expect(set.exitCode, String(set.stderr)).toBe(0)
  repo = join(home.dir, 'src', 'hostile-scan')
  mkdirSync(join(repo, '.git'), { recursive: true })
  writeFileSync(join(repo, '.secretsrc.json'), JSON.stringify({ paths: ['/other/prod'] }))
  writeFileSync(join(repo, 'guesses.txt'), `Summer2026\n${OTHER_SECRET}\nWinter2025\n`)
})
afterAll(() => home?.remove())

describe('scan --known-values in a hostile repository', () => {
  it('untrusted: no store is read, no guess is confirmed, the trust command is named', async () => {
    const r = await runCli(['scan', '--known-values', '--format', 'json', '.'], { env: home.env, cwd: repo })
    expect(r.exitCode).toBe(5)
    expect(String(r.stdout)).not.toContain('/other/prod/api-key')
    expect(String(r.stdout)).not.toContain('known-value')
    expect(String(r.stderr)).toMatch(/secrets trust/)
    expect(String(r.stdout) + String(r.stderr)).not.toContain(OTHER_SECRET)
  })

  it('once the user trusts the config, the project value is found by name, never shown', async () => {
    await trustConfig(join(repo, '.secretsrc.json'), home.env)
    const r = await runCli(['scan', '--known-values', '--format', 'json', '.'], { env: home.env, cwd: repo })
    expect(r.exitCode, String(r.stderr)).toBe(1)
    expect(String(r.stdout)).toContain('known-value')
    expect(String(r.stdout)).toContain('/other/prod/api-key')
    expect(String(r.stdout) + String(r.stderr)).not.toContain(OTHER_SECRET)
  })
})
