import { readFileSync } from 'node:fs'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { RunRequest } from '../core/run/index.js'
import type { ScanCommandFlags } from './scan-invocation.js'
import { reportFailure } from './error-report.js'
import { printResult } from './present.js'

export { stdoutSettled } from './present.js'

/**
 * The start-up fast paths of the commands run many times a day: `secrets run` (every app
 * start), `secrets scan` (every commit), `secrets credentials` (every AWS CLI/SDK credential
 * resolution), `get`, `list`, and the root `--version`/`--help`: plain argv is parsed with
 * Node's own parser instead of oclif, whose import alone costs ~70 ms. The flag table is the command's own, as `oclif manifest` records it at build
 * time, so the two parsers cannot drift; anything unusual (help, unknown flags, bad values)
 * is left to oclif for its usual message.
 */

/** One flag as the oclif manifest (or the command's static `flags`) records it. */
export interface FlagSpec {
  type: 'boolean' | 'option'
  char?: string
  multiple?: boolean
  exclusive?: readonly string[]
  options?: readonly string[]
  /** Flags that must be given too when this one is (oclif's `dependsOn`). */
  dependsOn?: readonly string[]
  default?: unknown
  required?: boolean
}

/** A command as the oclif manifest records it; an oclif command class fits too. */
export interface CommandSpec {
  flags: Record<string, FlagSpec>
  args?: Record<string, { default?: unknown }>
}

type FlagValues = Record<string, string | boolean | string[] | undefined>

/** Node parseArgs options for a flag table (derived, never kept by hand). */
export function parseArgsOptions(flags: Record<string, FlagSpec>): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(flags).map(([name, f]) => [
      name,
      {
        type: f.type === 'boolean' ? 'boolean' : 'string',
        ...(f.multiple ? { multiple: true } : {}),
        ...(f.char ? { short: f.char } : {}),
      },
    ]),
  )
}

/**
 * Parses flags (and positionals when allowed) against a flag table, with oclif's rules:
 * a single-value flag once, values from `options`, no two `exclusive` flags, a flag given
 * only with its `dependsOn` flags, `default`s filled in (booleans false). Undefined when
 * oclif must handle the argv (and say what is wrong with it).
 */
export function parseFlags(
  args: string[],
  flags: Record<string, FlagSpec>,
  allowPositionals: boolean,
): { values: FlagValues; positionals: string[] } | undefined {
  if (args.some((a) => a === '--help' || a === '-h')) return undefined
  let parsed
  try {
    parsed = parseArgs({
      args,
      options: parseArgsOptions(flags),
      strict: true,
      allowPositionals,
      tokens: true,
    })
  } catch {
    return undefined
  }
  const seen = new Set<string>()
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue
    if (!flags[token.name]?.multiple && seen.has(token.name)) return undefined
    seen.add(token.name)
  }
  const values: FlagValues = {}
  for (const [name, spec] of Object.entries(flags)) {
    const value = parsed.values[name]
    if (value === undefined) {
      if (spec.required || typeof spec.default === 'function') return undefined
      values[name] =
        spec.type === 'boolean'
          ? ((spec.default as boolean | undefined) ?? false)
          : (spec.default as string | undefined)
      continue
    }
    const given = Array.isArray(value) ? value : [value]
    if (spec.options && !given.every((v) => typeof v === 'string' && spec.options?.includes(v)))
      return undefined
    if (spec.exclusive?.some((other) => seen.has(other))) return undefined
    if (spec.dependsOn?.some((other) => !seen.has(other))) return undefined
    values[name] = value as string | boolean | string[]
  }
  return { values, positionals: parsed.positionals }
}

/** Only the flags named, out of a table. */
function pick(flags: Record<string, FlagSpec>, names: readonly string[]): Record<string, FlagSpec> {
  return Object.fromEntries(names.flatMap((n) => (flags[n] ? [[n, flags[n]]] : [])))
}

/**
 * Parses `secrets run` argv (everything after `run`) when it is plain: known flags, then
 * `--` and the command. Undefined for anything else (help, an unknown flag, a bad value, a
 * word before `--`, no `--`), so oclif handles it.
 */
export function parseRunArgv(
  argv: string[],
  command: CommandSpec,
): { flags: RunRequest; command: string[] } | undefined {
  const split = argv.indexOf('--')
  if (split === -1) return undefined
  const parsed = parseFlags(argv.slice(0, split), command.flags, false)
  if (!parsed) return undefined
  return { flags: parsed.values as unknown as RunRequest, command: argv.slice(split + 1) }
}

/**
 * The flags of `secrets scan` the fast path takes: all of them (the pre-commit hook's
 * `--staged`, tree and `--history` scans, baselines, verification). Both parsers hand the
 * values to the same `runScanCommand`; a flag added to the command and not listed here is
 * simply left to oclif.
 */
export const SCAN_FAST_FLAGS = [
  'staged',
  'history',
  'since',
  'range',
  'fetch-missing',
  'require-full-history',
  'verbose',
  'format',
  'baseline',
  'no-baseline',
  'write-baseline',
  'prune',
  'list-rules',
  'show-secrets',
  'verify',
  'only-verified',
  'known-values',
] as const

/**
 * Parses plain `scan` argv; undefined when oclif must handle it (help, unknown flags, bad
 * values, `--staged` with `--history`, `--since` without `--history`, two paths): oclif then
 * gives its usual message and exit code.
 */
export function parseScanArgv(
  argv: string[],
  command: CommandSpec,
): { path: string; flags: ScanCommandFlags } | undefined {
  if (argv.includes('--')) return undefined
  const parsed = parseFlags(argv, pick(command.flags, SCAN_FAST_FLAGS), true)
  if (!parsed || parsed.positionals.length > 1) return undefined
  return {
    path: parsed.positionals[0] ?? String(command.args?.path?.default ?? '.'),
    flags: parsed.values as unknown as ScanCommandFlags,
  }
}

interface Manifest {
  version: string
  commands: Record<
    string,
    (CommandSpec & { summary?: string; description?: string; hidden?: boolean }) | undefined
  >
}

/** The commands `bin/run.js` hands to the fast path (plus the root `--version`/`--help`). */
export const FAST_COMMANDS = ['run', 'scan', 'credentials', 'get', 'list'] as const

/** Parses plain `get PATH` / `list [PREFIX]` argv; undefined when oclif must handle it. */
export function parseStoreReadArgv(
  argv: string[],
  command: CommandSpec,
  positionals: { min: number; max: number },
): { values: FlagValues; positionals: string[] } | undefined {
  if (argv.includes('--')) return undefined
  const parsed = parseFlags(argv, command.flags, true)
  if (!parsed) return undefined
  const count = parsed.positionals.length
  return count < positionals.min || count > positionals.max ? undefined : parsed
}

/**
 * The flag tables and version of this bundle's commands, cut from the manifest and embedded by
 * scripts/bundle-fast.mjs (esbuild `define`): a start reads and parses no 68 KB
 * oclif.manifest.json (~1.5 ms). Not defined in the unbundled tsc build, which reads the file.
 */
declare const SECRETS_EMBEDDED_MANIFEST: Manifest | undefined
const embeddedManifest =
  typeof SECRETS_EMBEDDED_MANIFEST === 'undefined' ? undefined : SECRETS_EMBEDDED_MANIFEST

/** The manifest `npm run build` writes; undefined (oclif then handles everything) when absent. */
function readManifest(file: URL): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest
  } catch {
    return undefined
  }
}

/**
 * Runs `secrets run …` or `secrets scan …` without oclif: resolves to the exit status, or
 * undefined when oclif must handle the argv (help, usage errors, other commands).
 */
export async function runFastPath(argv: string[], manifestFile: URL): Promise<number | undefined> {
  const [id, ...rest] = argv
  // The root help lists every command: only it needs the whole manifest.
  const wholeManifest = argv.length === 1 && (id === '--help' || id === '-h')
  const manifest = (!wholeManifest && embeddedManifest) || readManifest(manifestFile)
  if (!manifest) return undefined
  if (argv.length === 1 && id === '--version') {
    printResult(versionLine(manifest.version))
    return 0
  }
  if (argv.length === 1 && (id === '--help' || id === '-h')) {
    const pkg = readPackage(new URL('package.json', manifestFile))
    if (!pkg) return undefined
    printResult(rootHelp(manifest, pkg))
    return 0
  }
  const spec = id ? manifest.commands[id] : undefined
  if (!spec) return undefined
  if (id === 'credentials') {
    const parsed = parseStoreReadArgv(rest, spec, { min: 0, max: 0 })
    if (!parsed) return undefined
    const { printCredentials } = await import('./read-commands.js')
    return printCredentials(parsed.values).then(
      () => 0,
      (error: unknown) => reportFailure(error, id, undefined, rest.includes('--json')),
    )
  }
  if (id === 'get' || id === 'list') {
    const parsed = parseStoreReadArgv(rest, spec, id === 'get' ? { min: 1, max: 1 } : { min: 0, max: 1 })
    if (!parsed) return undefined
    const { printParameter, printParameterList } = await import('./read-commands.js')
    const flags = parsed.values as Parameters<typeof printParameter>[1]
    const arg = parsed.positionals[0] ?? String(spec.args?.path?.default ?? '/')
    return (id === 'get' ? printParameter(arg, flags) : printParameterList(arg, flags)).then(
      () => 0,
      (error: unknown) => reportFailure(error, id, undefined, flags.json === true),
    )
  }
  if (id !== 'run' && id !== 'scan') return undefined
  if (id === 'run') {
    const parsed = parseRunArgv(rest, spec)
    if (!parsed) return undefined
    // One dynamic import: the run wiring loads as one module graph, which scan never pays for.
    const { runReportingFailure } = await import('./run-invocation.js')
    return runReportingFailure({ ...parsed, positionals: [] })
  }
  const parsed = parseScanArgv(rest, spec)
  if (!parsed) return undefined
  const { runScanCommand } = await import('./scan-invocation.js')
  return runScanCommand(parsed.path, parsed.flags, manifest.version).then(
    () => 0,
    (error: unknown) => reportFailure(error, 'scan'),
  )
}

/** oclif's version line: `secrets/0.1.0 linux-x64 node-v20.20.2`. */
export function versionLine(version: string, bin = 'secrets'): string {
  return `${bin}/${version} ${process.platform}-${process.arch} node-${process.version}`
}

interface PackageInfo {
  description?: string
  oclif?: { bin?: string; topics?: Record<string, { description?: string }> }
}

function readPackage(file: URL): PackageInfo | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PackageInfo
  } catch {
    return undefined
  }
}

/** Name/description rows as oclif lays them out: two-space indent, wrapped at 80 columns. */
function helpRows(rows: Array<[string, string]>, width = 80): string {
  const nameWidth = Math.max(...rows.map(([name]) => name.length))
  const column = 2 + nameWidth + 2
  return rows
    .map(([name, text]) => {
      const lines: string[] = []
      let line = ''
      for (const word of text.split(/\s+/).filter(Boolean)) {
        if (line && column + line.length + 1 + word.length > width) {
          lines.push(line)
          line = word
        } else line = line ? `${line} ${word}` : word
      }
      lines.push(line)
      return `  ${name.padEnd(nameWidth)}  ${lines.join(`\n${' '.repeat(column)}`)}`
    })
    .join('\n')
}

/** `secrets --help`: the root help oclif prints, from the manifest and package.json. */
export function rootHelp(manifest: Manifest, pkg: PackageInfo): string {
  const bin = pkg.oclif?.bin ?? 'secrets'
  const summary = (c: { summary?: string; description?: string }) =>
    c.summary ?? (c.description ?? '').split('\n')[0] ?? ''
  const topics = Object.entries(pkg.oclif?.topics ?? {})
    .map(([name, t]): [string, string] => [name, t.description ?? ''])
    .sort(([a], [b]) => a.localeCompare(b))
  const commands = Object.entries(manifest.commands)
    .filter(([id, c]) => c && !c.hidden && !id.includes(':'))
    .map(([id, c]): [string, string] => [id, summary(c ?? {})])
    .sort(([a], [b]) => a.localeCompare(b))
  return [
    pkg.description ?? '',
    '',
    'VERSION',
    `  ${versionLine(manifest.version, bin)}`,
    '',
    'USAGE',
    `  $ ${bin} [COMMAND]`,
    '',
    ...(topics.length ? ['TOPICS', helpRows(topics), ''] : []),
    'COMMANDS',
    helpRows(commands),
    '',
    '',
  ].join('\n')
}
