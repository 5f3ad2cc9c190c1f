import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BIN, ROOT, runCli, tempHome, type TempHome } from '../helpers/cli.js'

/**
 * What a `secrets run` child can read of its parent (issue #19 items 1 and 10).
 *
 * - Core dumps: `run` holds every injected value for the child's lifetime. The old code left
 *   its core limit as inherited (here: unlimited), so a crash of `run` wrote them to a core
 *   file. Now it sets its own soft limit to 0 before the child starts; the child reads
 *   /proc/<run>/limits.
 * - The passphrase: SECRETS_KEYCHAIN_PASSPHRASE is scrubbed from the child's environment, but
 *   /proc/<run>/environ (the parent's initial environment, same user) still shows it: that is
 *   what the environment form exposes, and docs/security.md says so. The old code had no other
 *   form; SECRETS_KEYCHAIN_PASSPHRASE_FILE given a pipe leaves nothing to read: not in the
 *   child's environment, not in the parent's, and the pipe is drained.
 */
const PASSPHRASE = 'run-child-reach-passphrase'
let home: TempHome
beforeEach(async () => {
  home = tempHome()
  const seeded = await runCli(['set', '--store', 'local', '/app/dev/TOKEN'], {
    env: { ...home.env, SECRETS_KEYCHAIN_PASSPHRASE: PASSPHRASE },
    input: 'dev-value',
  })
  expect(seeded.exitCode, String(seeded.stderr)).toBe(0)
})
afterEach(() => home.remove())

const base = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_)/.test(k)),
) as Record<string, string>

/** A child that reports what it can read of its parent. */
const SNOOP = `
const fs = require('fs')
const read = (p) => { try { return fs.readFileSync(p, 'utf8') } catch (e) { return 'ERR ' + e.code } }
const ppid = process.ppid
process.stdout.write(JSON.stringify({
  limits: read('/proc/' + ppid + '/limits'),
  parentEnviron: read('/proc/' + ppid + '/environ'),
  ownEnv: JSON.stringify(process.env),
  fd3: read('/proc/' + ppid + '/fd/3'),
}))
`

describe('what a run child can read of run', { timeout: 60_000 }, () => {
  it('run has set its own core-dump limit to 0 before the child starts', async () => {
    const run = await execa(
      'prlimit',
      [
        '--core=unlimited:unlimited',
        '--',
        'node',
        BIN,
        'run',
        '--store',
        'local',
        '--path',
        '/app/dev',
        '--',
        'node',
        '-e',
        SNOOP,
      ],
      {
        env: { ...base, ...home.env, SECRETS_KEYCHAIN_PASSPHRASE: PASSPHRASE },
        extendEnv: false,
        reject: false,
        cwd: ROOT,
      },
    )
    expect(run.exitCode, String(run.stderr)).toBe(0)
    const limits = (JSON.parse(String(run.stdout)) as { limits: string }).limits
    expect(limits).toMatch(/^Max core file size\s+0\s+unlimited\s+bytes/m)
  })

  it('SECRETS_KEYCHAIN_PASSPHRASE: gone from the child, still in /proc/<run>/environ (documented)', async () => {
    const run = await runCli(['run', '--store', 'local', '--path', '/app/dev', '--', 'node', '-e', SNOOP], {
      env: { ...home.env, SECRETS_KEYCHAIN_PASSPHRASE: PASSPHRASE },
    })
    expect(run.exitCode, String(run.stderr)).toBe(0)
    const seen = JSON.parse(String(run.stdout)) as { parentEnviron: string; ownEnv: string }
    expect(seen.ownEnv).not.toContain(PASSPHRASE)
    expect(seen.ownEnv).toContain('dev-value')
    expect(seen.parentEnviron).toContain(PASSPHRASE)
  })

  it('SECRETS_KEYCHAIN_PASSPHRASE_FILE from a pipe: nothing left to read anywhere', async () => {
    const env: Record<string, string> = {
      ...base,
      ...home.env,
      SECRETS_KEYCHAIN_PASSPHRASE_FILE: '/dev/fd/3',
    }
    delete env.SECRETS_KEYCHAIN_PASSPHRASE
    const child = execa(
      'node',
      [BIN, 'run', '--store', 'local', '--path', '/app/dev', '--', 'node', '-e', SNOOP],
      {
        env,
        extendEnv: false,
        reject: false,
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      },
    )
    const pipe = child.stdio[3] as unknown as NodeJS.WritableStream
    pipe.end(`${PASSPHRASE}\n`)
    const run = await child
    expect(run.exitCode, String(run.stderr)).toBe(0)
    const seen = JSON.parse(run.stdout as string) as Record<string, string>
    expect(seen.ownEnv).toContain('dev-value')
    expect(seen.ownEnv).not.toContain('SECRETS_KEYCHAIN_PASSPHRASE')
    for (const where of ['ownEnv', 'parentEnviron', 'fd3'])
      expect(seen[where], where).not.toContain(PASSPHRASE)
    expect(JSON.stringify(run)).not.toContain(PASSPHRASE)
    // The keychain is unchanged and still opens with the passphrase.
    expect(readFileSync(join(home.env.XDG_CONFIG_HOME as string, 'secrets', 'keychain.enc'), 'utf8')).toMatch(
      /secrets-file-keychain/,
    )
  })
})
