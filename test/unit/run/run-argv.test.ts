import { describe, expect, it } from 'vitest'
import { parseArgsOptions, parseRunArgv as parseWith, type CommandSpec } from '../../../src/cli/fast-path.js'
import Run from '../../../src/commands/run.js'

// The fast path reads the flag table from oclif.manifest.json: the command's static flags
// as JSON (functions dropped), which is what this round trip gives.
const manifest = JSON.parse(JSON.stringify({ flags: Run.flags, args: Run.args })) as CommandSpec
const runFlags = Run.flags
const RUN_OPTIONS = parseArgsOptions(manifest.flags) as Record<
  string,
  { type: string; multiple?: boolean; short?: string }
>
const RUN_OPTION_CHOICES = Object.fromEntries(
  Object.entries(manifest.flags).map(([name, f]) => [name, f.options]),
) as Record<string, readonly string[] | undefined>
const parseRunArgv = (argv: string[]) => parseWith(argv, manifest)

describe('the run fast path and the oclif flags agree', () => {
  it('has the same flags, types, short forms, multiplicity, defaults and choices', () => {
    const fromOclif = Object.fromEntries(
      Object.entries(runFlags).map(([name, f]) => {
        const flag = f as {
          type: string
          multiple?: boolean
          char?: string
          default?: unknown
          options?: readonly string[]
        }
        return [
          name,
          {
            type: flag.type === 'boolean' ? 'boolean' : 'string',
            multiple: Boolean(flag.multiple),
            short: flag.char,
            default: flag.default,
            choices: flag.options,
          },
        ]
      }),
    )
    const fromFast = Object.fromEntries(
      Object.entries(RUN_OPTIONS).map(([name, o]) => [
        name,
        {
          type: o.type,
          multiple: 'multiple' in o ? o.multiple : false,
          short: 'short' in o ? o.short : undefined,
          default: manifest.flags[name]?.default,
          choices: RUN_OPTION_CHOICES[name],
        },
      ]),
    )
    expect(fromFast).toEqual(fromOclif)
  })
})

describe('parseRunArgv', () => {
  it.each([
    [['--', 'npm', 'start'], { explain: false, 'max-stale': '24h' }, ['npm', 'start']],
    [
      ['-p', '/a', '--path=/b', '--store', 'ssm', '--explain', '--', 'x', '--path', 'y'],
      { path: ['/a', '/b'], store: 'ssm', explain: true },
      ['x', '--path', 'y'],
    ],
    [
      ['--env-file', '.env', '--preserve-env', 'A,B', '--max-stale', '1h', '--aws-env', '--', 'x'],
      { 'env-file': ['.env'], 'preserve-env': 'A,B', 'max-stale': '1h', 'aws-env': true },
      ['x'],
    ],
  ])('parses %j', (argv, flags, command) => {
    const parsed = parseRunArgv(argv)
    expect(parsed?.command).toEqual(command)
    expect(parsed?.flags).toMatchObject(flags)
  })

  it.each([
    ['no --', ['npm', 'start']],
    ['help', ['--help', '--', 'x']],
    ['an unknown flag', ['--bogus', '--', 'x']],
    ['a missing value', ['--store', '--', 'x']],
    ['a bad choice', ['--store', 'vault', '--', 'x']],
    ['a single-value flag twice', ['--store', 'ssm', '--store', 'local', '--', 'x']],
    ['a positional before --', ['npm', '--', 'x']],
  ])('leaves %s to oclif', (_name, argv) => {
    expect(parseRunArgv(argv)).toBeUndefined()
  })
})
