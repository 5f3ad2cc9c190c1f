import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { BIN, ROOT } from '../../helpers/cli.js'
import { startIdentityCenter, type IdentityCenter } from '../../fakes/identity-center/index.js'
import { cli, ssoHome } from './sso-fixture.js'

const moto = inject('motoUrl')
// Real processes on a shared 2-core machine: allow for a loaded CI run.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 })
const FAKE_BROWSER = join(ROOT, 'test', 'fakes', 'identity-center', 'fake-browser.mjs')

describe('the role picker on a real pseudo-terminal (util-linux script)', () => {
  let ic: IdentityCenter
  let home: ReturnType<typeof ssoHome>

  beforeAll(async () => {
    ic = await startIdentityCenter({ decision: 'approve' })
    home = ssoHome(ic, moto)
  })
  afterAll(async () => {
    await ic.close()
    home.remove()
  })

  it('login --profile pick shows a searchable list; typing and Enter choose the role', async () => {
    const base = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_|CI$)/.test(k)),
    )
    const child = execa('script', ['-qfec', `node ${BIN} login --profile pick`, '/dev/null'], {
      env: { ...base, ...home.cliEnv, BROWSER: FAKE_BROWSER, TERM: 'xterm' },
      extendEnv: false,
      reject: false,
      timeout: 60_000,
      stdin: 'pipe',
    })
    let screen = ''
    let typed = false
    let entered = false
    child.stdout?.on('data', (chunk: Buffer) => {
      screen += chunk.toString()
      // Type once the whole initial list is drawn (its last entry is prod).
      if (!typed && screen.includes('prod (333333333333) / ReadOnly')) {
        typed = true
        child.stdin?.write('staging')
        return
      }
      // Inquirer redraws the whole prompt per frame: look at the latest frame only. The
      // filtered one lists staging but neither dev nor prod.
      const frame = screen.split('? Choose an AWS account').at(-1) ?? ''
      const filtered = frame.includes('staging (222222222222)') && !/dev \(111|prod \(333/.test(frame)
      if (typed && !entered && filtered) {
        entered = true
        setTimeout(() => child.stdin?.write('\r'), 200)
      }
    })
    const result = await child
    expect(entered, screen).toBe(true)
    expect(result.exitCode, screen).toBe(0)
    expect(screen).toContain('staging (222222222222) / Developer')
    const who = await cli(['whoami', '--profile', 'pick', '--json'], home.cliEnv)
    expect(who.exitCode, who.stderr).toBe(0)
    expect(JSON.parse(who.stdout)).toMatchObject({ accountId: '222222222222', roleName: 'Developer' })
  })
})
