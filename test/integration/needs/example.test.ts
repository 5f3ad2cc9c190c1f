import { join } from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../helpers/cli.js'

// examples/need-to-know/demo.sh end to end (its own moto_server): the demo project declares
// needs, runs scoped and isolated, and prints its production policy.
describe('examples/need-to-know', () => {
  it('runs scoped and isolated against moto and prints its production policy', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_)/.test(k)))
    const result = await execa('bash', [join(ROOT, 'examples', 'need-to-know', 'demo.sh')], {
      env: { ...env, USER: 'demo' },
      extendEnv: false,
      reject: false,
      timeout: 90_000,
    })
    const stdout = String(result.stdout)
    expect(result.exitCode, String(result.stderr)).toBe(0)
    expect(stdout).toContain(
      'app: running as arn:aws:sts::123456789012:assumed-role/myapp-dev/secrets-demo@need-to-know',
    )
    expect(stdout).toContain('app: DB_PASSWORD present, API_URL https://api.example.test')
    expect(stdout).toContain('app: AWS keys in my environment: no')
    expect(stdout).toContain('app: ~/.aws hidden (empty)')
    expect(stdout).toContain('isolation: on (bubblewrap available)')
    const policy = JSON.parse(stdout.slice(stdout.lastIndexOf('{\n  "Version"'))) as {
      Statement: { Sid: string }[]
    }
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'ReadParameters',
      'DecryptParametersByAlias',
      'Need0',
    ])
    expect(stdout + String(result.stderr)).not.toContain('demo-db-password')
  }, 120_000)
})
