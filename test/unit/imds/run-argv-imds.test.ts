import { describe, expect, it } from 'vitest'
import { parseRunArgv as parseWith, type CommandSpec } from '../../../src/cli/fast-path.js'
import Run from '../../../src/commands/run.js'

const manifest = JSON.parse(JSON.stringify({ flags: Run.flags })) as CommandSpec
const parseRunArgv = (argv: string[]) => parseWith(argv, manifest)

// The `secrets run` fast path knows the metadata-endpoint flags; combinations oclif refuses
// are left to oclif (undefined) so the user gets its usual message.
describe('parseRunArgv: --imds / --ecs', () => {
  const arn = 'arn:aws:iam::123456789012:role/app'
  it.each([
    [['--imds', '--', 'x'], { imds: true, ecs: false, 'imds-v1': false }],
    [['--ecs', '--role-arn', arn, '--', 'x'], { ecs: true, imds: false, 'role-arn': arn }],
    [['--imds', '--imds-v1', '--profile', 'dev', '--', 'x'], { imds: true, 'imds-v1': true, profile: 'dev' }],
    [['--', 'x'], { imds: false, ecs: false, 'imds-v1': false }],
  ])('parses %j', (argv, flags) => {
    expect(parseRunArgv(argv)?.flags).toMatchObject(flags)
  })

  it.each([
    [['--imds', '--ecs', '--', 'x']],
    [['--imds', '--aws-env', '--', 'x']],
    [['--ecs', '--aws-env', '--', 'x']],
    [['--role-arn', '--', 'x']],
  ])('leaves %j to oclif', (argv) => {
    expect(parseRunArgv(argv)).toBeUndefined()
  })
})
