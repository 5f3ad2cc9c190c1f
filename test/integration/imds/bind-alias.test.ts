import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT, tempHome } from '../../helpers/cli.js'

// `--bind 169.254.169.254` with the documented Linux loopback alias, inside a private network
// namespace (`unshare -rn`: its own loopback, unreachable from anywhere else), with its own
// moto. Also the one place a non-loopback peer can be produced without leaving the machine.

const home = tempHome()
afterAll(() => home.remove())

describe('--bind 169.254.169.254 in a private network namespace', () => {
  it('serves an SDK app that uses the hard-coded address, and refuses non-loopback peers', async () => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_)/.test(k)))
    const result = await execa('unshare', ['-rn', 'bash', join(ROOT, 'test/fixtures/imds/netns-bind.sh')], {
      env: { ...base, ...home.env },
      extendEnv: false,
      reject: false,
      timeout: 90_000,
    })
    expect(result.exitCode, result.stderr).toBe(0)
    const [endpoints, app, foreign, alias] = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(endpoints).toMatchObject({
      endpoints: { AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://169.254.169.254/' },
    })
    expect(app).toMatchObject({
      provider: 'instance',
      arn: expect.stringMatching(/^arn:aws:sts::123456789012:assumed-role\/netns-app\//),
      staticKeysInEnv: false,
    })
    expect(foreign).toEqual({ status: 403 })
    expect(alias).toEqual({ status: 200 })
  }, 120_000)
})
