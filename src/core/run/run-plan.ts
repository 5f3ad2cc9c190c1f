import { parseDuration } from '../../shared/duration.js'
import { ExitCode, UsageError } from '../../shared/errors.js'
import type { EffectiveSettings } from '../config/index.js'
import type { ChildEmulatorInput } from '../imds/index.js'
import type { ParsedSettingFlags } from '../config/index.js'
import { parsePathPrefix } from '../store/index.js'
import type { RunInput } from './index.js'
import { constants } from 'node:os'
import { MIN_INTERVAL_MS, type WatchOptions } from './watch.js'

/** What the user asked `secrets run` for: its flags, as oclif and the fast path both type them. */
export interface RunRequest extends ParsedSettingFlags {
  'preserve-env'?: string | undefined
  explain: boolean
  'allow-nested': boolean
  offline: boolean
  'max-stale': string
  'aws-env': boolean
  imds: boolean
  ecs: boolean
  'role-arn'?: string | undefined
  'imds-v1': boolean
  /** Need to know (src/cli/run-needs.ts): the full identity on purpose; the child under bubblewrap. */
  unscoped?: boolean
  isolate?: boolean
  frozen?: boolean
  locked?: boolean
  watch?: boolean
  'watch-signal'?: string
  'watch-grace'?: string
  'watch-no-restart'?: boolean
  'watch-interval'?: string
  mask?: boolean
  'allow-empty'?: boolean | undefined
}

/** Every decision of one `secrets run`, made before anything is read, opened or started. */
export interface RunPlan {
  /** The input of runWithSecrets, without the identity the plan asks for below. */
  input: Omit<RunInput, 'identity'>
  /** The profile/region the store and the child's identity are read with. */
  aws: { profile?: string; region?: string }
  /** Who reads the store, as far as the offline cache must tell identities apart. */
  cacheIdentity: string
  /** The metadata endpoint (`--imds`/`--ecs`) to serve the child, if any. */
  metadata: ChildEmulatorInput | undefined
  /** True when the child gets AWS keys in its environment (`--aws-env`). */
  awsEnv: boolean
  /** `--watch`: how to restart or signal the child on a change. */
  watch: WatchOptions | undefined
}

/**
 * Plans `secrets run` from the parsed argv (flags, words before `--`, the child's argv), the effective settings (flags → project config →
 * defaults) and the environment: pure, so every decision is table-tested.
 */
export function planRun(
  argv: { flags: RunRequest; positionals: string[]; command: string[] },
  settings: EffectiveSettings,
  env: NodeJS.ProcessEnv,
  project: { mask?: boolean } = {},
): RunPlan {
  const { flags: request, positionals, command } = argv
  // oclif takes `run` as non-strict (the child's argv follows `--`), so it would drop these.
  if (positionals.length > 0) throw missingSeparator(positionals)
  // `--path` takes several values, so `--path /app/dev npm start` reads `npm` as a path.
  const stray = (request.path ?? []).findIndex((p) => !p.startsWith('/'))
  if (stray !== -1 && command.length === 0) throw missingSeparator((request.path ?? []).slice(stray))
  const aws = {
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.region ? { region: settings.region } : {}),
  }
  const maxStaleMs = parseDuration(request['max-stale'], '--max-stale')
  const metadata = metadataEndpoint(request, aws)
  return {
    input: {
      command,
      settings: { ...settings, paths: settings.paths.map(parsePathPrefix) },
      preserveEnv: (request['preserve-env'] ?? '')
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
      explain: request.explain,
      allowNested: request['allow-nested'],
      offline: request.offline,
      maxStaleMs,
      mask: request.mask === true || project.mask === true,
      allowEmpty: request['allow-empty'] === true,
    },
    aws,
    cacheIdentity: cacheIdentity(env, settings),
    metadata,
    awsEnv: request['aws-env'],
    watch: watchOptions(request, settings.frozen === true),
  }
}

/** `--watch` and its settings, or undefined; refuses them without --watch and with --frozen. */
function watchOptions(request: RunRequest, frozenByConfig: boolean): WatchOptions | undefined {
  if (!request.watch) {
    if (request['watch-no-restart'])
      throw new UsageError('--watch-no-restart needs --watch.', { hint: 'Add --watch.' })
    return undefined
  }
  // --frozen (or "frozen": true): a frozen app must not change under you.
  if (request.frozen || frozenByConfig)
    throw new UsageError(
      `--watch and ${request.frozen ? '--frozen' : '"frozen": true in the project config'} contradict each other: a frozen run does not change under you.`,
      {
        hint: 'Drop --frozen to follow new versions, or --watch to run the pinned ones.',
      },
    )
  const raw = (request['watch-signal'] ?? 'SIGTERM').toUpperCase()
  const signal = (raw.startsWith('SIG') ? raw : `SIG${raw}`) as NodeJS.Signals
  if (!(signal in constants.signals) || signal === 'SIGKILL' || signal === 'SIGSTOP')
    throw new UsageError(
      `--watch-signal ${request['watch-signal']} is not a signal the command can handle.`,
      {
        hint: 'Use a name such as TERM, INT, HUP, USR1 or USR2.',
      },
    )
  const intervalMs = parseDuration(request['watch-interval'] ?? '30s', '--watch-interval')
  if (intervalMs < MIN_INTERVAL_MS)
    throw new UsageError(`--watch-interval must be at least ${MIN_INTERVAL_MS / 1000}s.`, {
      hint: 'Polling the store more often only gets you throttled; use 5s or more.',
    })
  return {
    signal,
    graceMs: parseDuration(request['watch-grace'] ?? '10s', '--watch-grace'),
    restart: !request['watch-no-restart'],
    intervalMs,
  }
}

/** "did you forget `--`": words before `--` that look like the command to run. */
function missingSeparator(words: string[]): UsageError {
  const typed = words.join(' ')
  return new UsageError(`Unexpected argument before --: ${typed}`, {
    hint: `Did you forget \`--\` before \`${typed}\`? e.g. \`secrets run --path /app/dev -- ${typed}\`.`,
    code: 'MissingSeparator',
  })
}

/** Who reads the store, as far as the cache must tell identities apart (no secret in it). */
export function cacheIdentity(
  env: NodeJS.ProcessEnv,
  settings: { profile?: string | undefined; region?: string | undefined },
): string {
  return JSON.stringify([
    settings.profile ?? env.AWS_PROFILE ?? '',
    settings.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '',
    env.AWS_ENDPOINT_URL_SSM ?? env.AWS_ENDPOINT_URL ?? '',
    env.AWS_ACCESS_KEY_ID ?? '',
  ])
}

/** `run` exits 125 for every failure of its own except "not executable" (126) and "not found" (127). */
export function runExitCode(code: number): number {
  return code === ExitCode.notExecutable || code === ExitCode.notFound ? code : ExitCode.runFailed
}

/** The metadata endpoint `--imds`/`--ecs` ask for, or undefined; `--role-arn` needs one. */
function metadataEndpoint(
  request: RunRequest,
  aws: { profile?: string; region?: string },
): ChildEmulatorInput | undefined {
  if (!request.imds && !request.ecs) {
    if (request['role-arn'] || request['imds-v1'])
      throw new UsageError(`${request['role-arn'] ? '--role-arn' : '--imds-v1'} needs --imds or --ecs.`, {
        hint: 'Add --imds (EC2 instance metadata) or --ecs (container credentials).',
      })
    return undefined
  }
  return {
    mode: request.imds ? 'imds' : 'ecs',
    ...aws,
    ...(request['role-arn'] ? { roleArn: request['role-arn'] } : {}),
    ...(request['imds-v1'] ? { imdsV1: true } : {}),
  }
}
