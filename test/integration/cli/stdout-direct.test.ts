import { spawnSync } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BIN, ROOT, runCli, tempHome } from '../../helpers/cli.js'

// `get`, `list` and `credentials` write their result straight to fd 1 (src/cli/present.ts)
// rather than through process.stdout, whose creation costs milliseconds of every start. The
// bytes, the exit status and a reader that has gone must behave as with the stream.
const home = tempHome()
afterAll(() => home.remove())
const env = { ...home.env, SECRETS_KEYCHAIN_PASSPHRASE: 'direct output test passphrase' }
const VALUE = 'multi\nline value with ünïcode and a trailing space '

const set = async (path: string, value: string) => {
  const result = await runCli(['set', '--store', 'local', path], { env, input: value })
  expect(result.exitCode, String(result.stderr)).toBe(0)
}

describe('results on fd 1 without the stdout stream', { timeout: 120_000 }, () => {
  it('get through a pipe gives the value byte for byte, newline-terminated', async () => {
    await set('/direct/value', VALUE)
    const result = await runCli(['get', '--store', 'local', '/direct/value'], { env })
    expect(result.exitCode, String(result.stderr)).toBe(0)
    expect(result.stdout).toBe(VALUE)
  })

  it('get into a file and into /dev/null', async () => {
    const file = join(home.dir, 'out.txt')
    for (const target of [file, '/dev/null']) {
      const fd = openSync(target, 'w')
      const child = spawnSync('node', [BIN, 'get', '--store', 'local', '/direct/value'], {
        env: { ...process.env, ...env },
        stdio: ['ignore', fd, 'pipe'],
        cwd: ROOT,
      })
      closeSync(fd)
      expect(child.status, child.stderr.toString()).toBe(0)
    }
    expect(readFileSync(file, 'utf8')).toBe(`${VALUE}\n`)
  })

  it('list into a pipe whose reader has gone: exit 0, no EPIPE, no stack trace', async () => {
    for (let i = 0; i < 3; i++) await set(`/direct/many/k${i}`, `value-${i}`)
    const result = spawnSync(
      'bash',
      [
        '-c',
        `set -o pipefail; node ${JSON.stringify(BIN)} list --store local /direct | (exec 0<&-; sleep 0.5)`,
      ],
      { env: { ...process.env, ...env }, cwd: ROOT, timeout: 60_000 },
    )
    const stderr = result.stderr.toString()
    expect(result.status, stderr).toBe(0)
    expect(stderr).not.toContain('EPIPE')
    expect(stderr).not.toMatch(/\n\s+at /)
  })

  it('list --json is one JSON document on stdout', async () => {
    const result = await runCli(['list', '--store', 'local', '/direct/many', '--json'], { env })
    expect(result.exitCode, String(result.stderr)).toBe(0)
    const parsed = JSON.parse(String(result.stdout)) as unknown
    expect(JSON.stringify(parsed)).toContain('/direct/many/k2')
    expect(String(result.stdout)).not.toContain('value-')
  })
})
