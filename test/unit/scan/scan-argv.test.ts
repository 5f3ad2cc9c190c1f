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
  it.each([
    [[], { path: '.', staged: false, format: 'text' }],
    [['--staged'], { path: '.', staged: true, format: 'text' }],
    [['src', '--format', 'sarif'], { path: 'src', staged: false, format: 'sarif' }],
    [['--format=json', 'dir'], { path: 'dir', staged: false, format: 'json' }],
  ])('parses %j', (argv, expected) => {
    expect(parseScanArgv(argv)).toEqual(expected)
  })

  it.each([
    ['--history', ['--history']],
    ['--show-secrets', ['--show-secrets']],
    ['--baseline', ['--baseline', 'b.json']],
    ['an unknown format', ['--format', 'xml']],
    ['two paths', ['a', 'b']],
    ['a flag twice', ['--staged', '--staged']],
    ['help', ['--help']],
  ])('leaves %s to oclif', (_name, argv) => {
    expect(parseScanArgv(argv)).toBeUndefined()
  })
})
