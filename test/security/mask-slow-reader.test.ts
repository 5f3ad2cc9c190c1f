import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { BIN, runCli, tempHome, type TempHome } from '../helpers/cli.js'

// `secrets run --mask` whose own output is read slowly (an agent, a CI log shipper, a pager):
// the child's writes split a value across reads while secrets' stdout pipe is full. The old
// code kept its 5 ms flush timer running while reading was paused for that backpressure, so
// the held first bytes of a value went out in clear before the rest arrived
// (`p****DB_PASSWORD`: the value's prefix, up to all but its last byte). Confirmed failing
// against the build before the fix (leaked prefixes in 3 of 3 runs). Now nothing is flushed
// while paused, and every occurrence is masked whole.

const VALUE = 'p@ss/w0rd+"quoted"\\end'
let home: TempHome

beforeAll(async () => {
  home = tempHome()
  const r = await runCli(['set', '/slow/db-password'], { env: home.env, input: `${VALUE}\n` })
  expect(r.exitCode).toBe(0)
})
afterAll(() => home?.remove())

describe('run --mask with a slow reader of its output', () => {
  it('no prefix of the value reaches the reader, whatever the reads split', async () => {
    const lines = 200_000
    const writer = `let s = ''; for (let i = 0; i < ${lines}; i++) s += i + (i % 7 ? ' line' : ' ' + process.env.DB_PASSWORD) + '\\n'; process.stdout.write(s)`
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_)/.test(k)))
    const cli = spawn('node', [BIN, 'run', '--mask', '-p', '/slow', '--', 'node', '-e', writer], {
      env: { ...env, ...home.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const received: Buffer[] = []
    // The slow reader: one chunk, then 10 ms (longer than the 5 ms flush delay) before the next.
    cli.stdout.on('data', (b: Buffer) => {
      received.push(b)
      cli.stdout.pause()
      setTimeout(() => cli.stdout.resume(), 10)
    })
    let stderr = ''
    cli.stderr.on('data', (b: Buffer) => (stderr += b.toString()))
    const code = await new Promise<number | null>((resolve) => cli.once('close', resolve))
    expect(code, stderr).toBe(0)
    const out = Buffer.concat(received).toString()
    const valueLines = out.split('\n').filter((l, i) => i % 7 === 0 && l !== '')
    expect(valueLines.filter((l) => !/^\d+ \*{4}DB_PASSWORD$/.test(l))).toEqual([])
    expect(out.split('\n')).toHaveLength(lines + 1)
    expect(out).not.toContain(VALUE.slice(0, 6))
  })
})
