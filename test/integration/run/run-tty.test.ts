import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, ROOT, tempHome, type TempHome } from '../../helpers/cli.js'

let home: TempHome
beforeAll(() => {
  home = tempHome()
})
afterAll(() => home.remove())

describe('secrets run on a terminal', () => {
  it('delivers Ctrl-C to the child exactly once (the terminal sends it; secrets does not repeat it)', async () => {
    const r = await execa(
      'python3',
      [
        join(ROOT, 'test/fixtures/run/pty-ctrl-c.py'),
        'node',
        BIN,
        'run',
        '--',
        'node',
        join(ROOT, 'test/fixtures/run/count-sigint.mjs'),
      ],
      { env: { ...process.env, ...home.env }, reject: false, timeout: 30_000 },
    )
    const result = JSON.parse(String(r.stdout)) as { output: string; status: number }
    expect(result.output).toContain('sigint-count=1')
    expect(result.status).toBe(0)
  })
})
