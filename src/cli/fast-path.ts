import { readFileSync } from 'node:fs'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { RunRequest } from '../core/run/index.js'
import { reportFailure } from './error-report.js'

/**
 * The start-up fast paths of `secrets run` (every app start) and `secrets scan` (every
 * commit): plain argv is parsed with Node's own parser instead of oclif, whose import alone
 * costs ~70 ms. The flag table is the command's own, as `oclif manifest` records it at build
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
 * a single-value flag once, values from `options`, no two `exclusive` flags, `default`s
 * filled in (booleans false). Undefined when oclif must handle the argv.
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

/** The flags of `secrets scan` the fast path takes: the pre-commit hook's `--staged`, and plain tree scans. */
export const SCAN_FAST_FLAGS = ['staged', 'format'] as const

/** Parses plain `scan` argv; undefined when oclif must handle it (help, other flags, errors). */
export function parseScanArgv(
  argv: string[],
  command: CommandSpec,
): { path: string; staged: boolean; format: string } | undefined {
  if (argv.includes('--')) return undefined
  const parsed = parseFlags(argv, pick(command.flags, SCAN_FAST_FLAGS), true)
  if (!parsed || parsed.positionals.length > 1) return undefined
  return {
    path: parsed.positionals[0] ?? String(command.args?.path?.default ?? '.'),
    staged: parsed.values.staged === true,
    format: String(parsed.values.format),
  }
}

interface Manifest {
  version: string
  commands: Record<string, CommandSpec | undefined>
}

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
  const manifest = id === 'run' || id === 'scan' ? readManifest(manifestFile) : undefined
  const spec = id ? manifest?.commands[id] : undefined
  if (!manifest || !spec) return undefined
  if (id === 'run') {
    const parsed = parseRunArgv(rest, spec)
    if (!parsed) return undefined
    // One dynamic import: the run wiring loads as one module graph, which scan never pays for.
    const { runReportingFailure } = await import('./run-invocation.js')
    return runReportingFailure({ ...parsed, positionals: [] })
  }
  const parsed = parseScanArgv(rest, spec)
  if (!parsed) return undefined
  try {
    const [{ scanProject }, { presentScan, scanProgress }] = await Promise.all([
      import('../core/scan/index.js'),
      import('./scan-output.js'),
    ])
    const progress = scanProgress()
    const result = await scanProject(
      { target: parsed.path, mode: parsed.staged ? 'staged' : 'tree' },
      progress.onProgress ? { onProgress: progress.onProgress } : {},
    )
    progress.clear()
    presentScan(result, {
      format: parsed.format as Parameters<typeof presentScan>[1]['format'],
      showSecrets: false,
      version: manifest.version,
    })
    return 0
  } catch (error) {
    return reportFailure(error, 'scan')
  }
}
