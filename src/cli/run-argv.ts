import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { RunFlags } from './run-flags.js'

/**
 * The flags of `secrets run` for Node's own argv parser, which the start-up fast path uses
 * instead of oclif (whose import alone costs ~70 ms on every app start). A unit test keeps
 * this table and the oclif flags in run-flags.ts identical.
 */
export const RUN_OPTIONS = {
  store: { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  env: { type: 'string' },
  path: { type: 'string', multiple: true, short: 'p' },
  'env-file': { type: 'string', multiple: true },
  'preserve-env': { type: 'string' },
  explain: { type: 'boolean' },
  'allow-nested': { type: 'boolean' },
  offline: { type: 'boolean' },
  'max-stale': { type: 'string', default: '24h' },
  'aws-env': { type: 'boolean' },
  imds: { type: 'boolean' },
  ecs: { type: 'boolean' },
  'role-arn': { type: 'string' },
  'imds-v1': { type: 'boolean' },
} as const satisfies NonNullable<ParseArgsConfig['options']>

/** Allowed values of options that have a fixed set. */
export const RUN_OPTION_CHOICES: Partial<Record<keyof typeof RUN_OPTIONS, readonly string[]>> = {
  store: ['ssm', 'local'],
}

/**
 * Parses `secrets run` argv (everything after `run`) when it is plain: flags we know, each
 * once, then `--` and the command. Returns undefined for anything else (help, an unknown
 * flag, a bad value, no `--`), so oclif handles it and gives its usual message.
 */
export function parseRunArgv(argv: string[]): { flags: RunFlags; command: string[] } | undefined {
  const split = argv.indexOf('--')
  if (split === -1) return undefined
  const before = argv.slice(0, split)
  if (before.some((a) => a === '--help' || a === '-h')) return undefined
  let parsed
  try {
    parsed = parseArgs({
      args: before,
      options: RUN_OPTIONS,
      strict: true,
      allowPositionals: false,
      tokens: true,
    })
  } catch {
    return undefined
  }
  const seen = new Set<string>()
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue
    const spec = RUN_OPTIONS[token.name as keyof typeof RUN_OPTIONS]
    if (!('multiple' in spec) && seen.has(token.name)) return undefined
    seen.add(token.name)
  }
  const values = parsed.values
  for (const [name, choices] of Object.entries(RUN_OPTION_CHOICES)) {
    const value = values[name as keyof typeof values]
    if (typeof value === 'string' && !choices.includes(value)) return undefined
  }
  // --imds, --ecs and --aws-env exclude each other: oclif says so.
  if ([values.imds, values.ecs, values['aws-env']].filter(Boolean).length > 1) return undefined
  const flags: RunFlags = {
    store: values.store,
    profile: values.profile,
    region: values.region,
    env: values.env,
    path: values.path,
    'env-file': values['env-file'],
    'preserve-env': values['preserve-env'],
    explain: values.explain ?? false,
    'allow-nested': values['allow-nested'] ?? false,
    offline: values.offline ?? false,
    'max-stale': values['max-stale'],
    'aws-env': values['aws-env'] ?? false,
    imds: values.imds ?? false,
    ecs: values.ecs ?? false,
    'role-arn': values['role-arn'],
    'imds-v1': values['imds-v1'] ?? false,
  }
  return { flags, command: argv.slice(split + 1) }
}
