import { join } from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../helpers/cli.js'

describe('README quickstart demo (npm run demo)', () => {
  it('runs the demo app on the local store with no AWS and no OS keychain, printing no secret', async () => {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_|DBUS_)/.test(k)),
    )
    const r = await execa('node', [join(ROOT, 'scripts/demo.mjs')], {
      env,
      extendEnv: false,
      reject: false,
      timeout: 60_000,
    })
    expect(r.exitCode, String(r.stderr)).toBe(0)
    expect(r.stdout).toContain('demo app: all settings present')
    const all = `${r.stdout}\n${r.stderr}`
    for (const secret of ['correct-horse-battery-staple', 'a-long-random-session-secret-0042'])
      expect(all).not.toContain(secret)
  })
})
