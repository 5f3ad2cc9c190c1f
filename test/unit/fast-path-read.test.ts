import { describe, expect, it } from 'vitest'
import { parseStoreReadArgv, versionLine, type CommandSpec } from '../../src/cli/fast-path.js'
import Credentials from '../../src/commands/credentials.js'
import Get from '../../src/commands/get.js'
import List from '../../src/commands/list.js'

// As oclif.manifest.json records them: the commands' own flag tables.
const spec = (c: { flags: unknown; args?: unknown }) =>
  JSON.parse(JSON.stringify({ flags: c.flags, args: c.args ?? {} })) as CommandSpec

describe('fast path: get / list / credentials argv', () => {
  it.each([
    [['/a/b'], { positionals: ['/a/b'], store: undefined, reveal: false }],
    [['/a/b', '--store', 'local', '--reveal'], { positionals: ['/a/b'], store: 'local', reveal: true }],
    [['--json', '/a/b'], { positionals: ['/a/b'], json: true }],
  ])('get %j is taken', (argv, want) => {
    const parsed = parseStoreReadArgv(argv, spec(Get), { min: 1, max: 1 })
    const { positionals, ...flags } = want
    expect(parsed?.positionals).toEqual(positionals)
    expect(parsed?.values).toMatchObject(flags)
  })

  it.each([
    [[]],
    [['/a', '/b']],
    [['/a', '--store', 'nope']],
    [['/a', '--unknown']],
    [['/a', '--help']],
    [['/a', '--', 'x']],
    [['/a', '--store', 'local', '--store', 'ssm']],
  ])('get %j is left to oclif', (argv) => {
    expect(parseStoreReadArgv(argv, spec(Get), { min: 1, max: 1 })).toBeUndefined()
  })

  it('list takes zero or one prefix', () => {
    expect(parseStoreReadArgv([], spec(List), { min: 0, max: 1 })?.positionals).toEqual([])
    expect(parseStoreReadArgv(['/app'], spec(List), { min: 0, max: 1 })?.positionals).toEqual(['/app'])
    expect(parseStoreReadArgv(['/a', '/b'], spec(List), { min: 0, max: 1 })).toBeUndefined()
  })

  it('credentials takes its flags and no words', () => {
    expect(
      parseStoreReadArgv(['--profile', 'dev'], spec(Credentials), { min: 0, max: 0 })?.values.profile,
    ).toBe('dev')
    expect(parseStoreReadArgv(['dev'], spec(Credentials), { min: 0, max: 0 })).toBeUndefined()
  })

  it('prints the version line as oclif does', () => {
    expect(versionLine('1.2.3')).toBe(
      `secrets/1.2.3 ${process.platform}-${process.arch} node-${process.version}`,
    )
  })
})
