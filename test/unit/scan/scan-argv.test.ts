import { describe, expect, it } from 'vitest'
import {
  SCAN_FAST_FLAGS,
  parseArgsOptions,
  parseScanArgv as parseWith,
  type CommandSpec,
} from '../../../src/cli/fast-path.js'
import Scan from '../../../src/commands/scan.js'

// What oclif.manifest.json records for scan: its static flags and args as JSON.
const manifest = JSON.parse(JSON.stringify({ flags: Scan.flags, args: Scan.args })) as CommandSpec
const SCAN_FAST_OPTIONS = Object.fromEntries(
  SCAN_FAST_FLAGS.map((name) => [
    name,
    { ...parseArgsOptions(manifest.flags)[name], default: manifest.flags[name]?.default },
  ]),
) as Record<(typeof SCAN_FAST_FLAGS)[number], { type: string; default?: unknown }>
const parseScanArgv = (argv: string[]) => parseWith(argv, manifest)

describe('the scan fast path and the oclif command agree', () => {
  it.each(Object.keys(SCAN_FAST_OPTIONS))('--%s has the same type and default', (name) => {
    const flag = Scan.flags[name as keyof typeof Scan.flags] as { type: string; default?: unknown }
    const fast = SCAN_FAST_OPTIONS[name as keyof typeof SCAN_FAST_OPTIONS]
    expect(fast.type).toBe(flag.type === 'boolean' ? 'boolean' : 'string')
    expect('default' in fast ? fast.default : undefined).toEqual(flag.default)
  })

  it('defaults the path like the command', () => {
    expect(parseScanArgv([])?.path).toBe(Scan.args.path.default)
  })
})

describe('parseScanArgv', () => {
  const pick = (argv: string[]) => {
    const parsed = parseScanArgv(argv)
    if (!parsed) return undefined
    const { flags } = parsed
    return { path: parsed.path, staged: flags.staged, history: flags.history, format: flags.format }
  }

  it.each([
    [[], { path: '.', staged: false, history: false, format: 'text' }],
    [['--staged'], { path: '.', staged: true, history: false, format: 'text' }],
    [['--history'], { path: '.', staged: false, history: true, format: 'text' }],
    [['src', '--format', 'sarif'], { path: 'src', staged: false, history: false, format: 'sarif' }],
    [['--format=json', 'dir', '--history'], { path: 'dir', staged: false, history: true, format: 'json' }],
  ])('parses %j', (argv, expected) => {
    expect(pick(argv)).toEqual(expected)
  })

  it('takes the history flags, with the values the command would get', () => {
    const parsed = parseScanArgv([
      '--history',
      '--since',
      'v1.0',
      '--require-full-history',
      '--no-baseline',
      '--verbose',
    ])
    expect(parsed?.flags).toMatchObject({
      history: true,
      since: 'v1.0',
      'require-full-history': true,
      'no-baseline': true,
      verbose: true,
      'fetch-missing': false,
      range: undefined,
    })
  })

  it('knows every flag of the command', () => {
    expect([...SCAN_FAST_FLAGS].sort()).toEqual(Object.keys(Scan.flags).sort())
  })

  it.each([
    ['--staged with --history (exclusive)', ['--staged', '--history']],
    ['--since without --history (dependsOn)', ['--since', 'v1']],
    ['--require-full-history without --history', ['--require-full-history']],
    ['--prune without --write-baseline', ['--prune']],
    ['--range with --since', ['--history', '--range', 'a..b', '--since', 'a']],
    ['--baseline with --no-baseline', ['--baseline', 'b.json', '--no-baseline']],
    ['an unknown flag', ['--histroy']],
    ['an unknown format', ['--format', 'xml']],
    ['two paths', ['a', 'b']],
    ['a flag twice', ['--staged', '--staged']],
    ['help', ['--history', '--help']],
    ['--', ['--', 'x']],
  ])('leaves %s to oclif', (_name, argv) => {
    expect(parseScanArgv(argv)).toBeUndefined()
  })
})
