/**
 * `secrets run`: the plan (planRun: every decision, pure), the child's environment (env
 * files, inherited, store paths), the offline cache and the child process. Imports shared/
 * and the config, keychain (the unlock-variable list), store and imds (types) areas through
 * their index.
 */
import { UsageError } from '../../shared/errors.js'
import type { HumanOutput } from '../../shared/human-output.js'
import type { EffectiveSettings } from '../config/index.js'
import type { ParameterStore, StoreKind } from '../store/index.js'
import { buildChildEnv, explainLines, type EnvEntry } from './child-env.js'
import { spawnChild } from './child-process.js'
import { checkEnvLimits } from './env-limits.js'
import { readEnvFiles, resolveEnvFileEntries } from './env-file.js'
import { fetchParameters, type FetchResult } from './fetch-parameters.js'
import {
  alignExplainLines,
  settleEmptyLayers,
  storeEntriesOf,
  unknownPreservedNames,
} from './layered-paths.js'
import type { RunCache } from './run-cache.js'

export { RunCache, decideFallback, scopeId } from './run-cache.js'
export { buildChildEnv, explainLines } from './child-env.js'
export { envNameFor, assignEnvNames } from './env-name.js'
export { checkEnvLimits, checkInjectableValue } from './env-limits.js'
export { parseEnvFile, parseReference, unparsedEnvLines } from './env-file.js'
export { spawnChild } from './child-process.js'
export { planRun, cacheIdentity, runExitCode, type RunPlan, type RunRequest } from './run-plan.js'

/** Set in the child's environment; its presence means "already inside `secrets run`". */
export const NESTING_MARKER = 'SECRETS_RUN_DEPTH'

export interface RunInput {
  /** The raw argv after `--`. */
  command: string[]
  settings: Pick<EffectiveSettings, 'store' | 'paths' | 'envFiles'>
  preserveEnv: string[]
  explain: boolean
  allowNested: boolean
  offline: boolean
  maxStaleMs: number
  /** `--allow-empty`: a `--path` with nothing under it is a warning, not a failure. */
  allowEmpty?: boolean
  /** Extra identity for the child (metadata endpoint, --aws-env) and what to remove. */
  identity?: { env: Record<string, string>; unset: string[] }
}

export interface RunDeps {
  env: NodeJS.ProcessEnv
  openStore: (kind: StoreKind) => ParameterStore
  cache: RunCache
  /** Who reads the store (profile/region/endpoint/key id), to key the cache. */
  cacheIdentity: string
  now: () => Date
  /** Warnings and `--explain` lines for the human (stderr). */
  out: HumanOutput
  spawn: (argv: string[], env: Record<string, string>) => Promise<number>
}

export interface PreparedRun {
  env: Record<string, string>
  explain: string[]
  /** Cache writes to finish once the child has started. */
  pending: (() => Promise<void>)[]
}

/**
 * Builds the child's environment from env files, the inherited environment and the store
 * paths, or fails with the reason before anything is started.
 */
export async function prepareRun(input: RunInput, deps: RunDeps): Promise<PreparedRun> {
  if (input.command.length === 0) {
    throw new UsageError('No command to run.', {
      hint: 'Put the command after --, e.g. `secrets run -- npm start`.',
    })
  }
  const depth = Number.parseInt(deps.env[NESTING_MARKER] ?? '0', 10) || 0
  if (depth > 0 && !input.allowNested) {
    throw new UsageError(
      'Already inside `secrets run`: a nested run would read and inject the secrets twice.',
      {
        hint: 'Run the command directly, or pass --allow-nested if this is intended.',
        code: 'NestedRun',
      },
    )
  }
  const stores = new Map<StoreKind, ParameterStore>()
  const storeFor = (kind: StoreKind) => {
    let store = stores.get(kind)
    if (!store) stores.set(kind, (store = deps.openStore(kind)))
    return store
  }
  const fetchDeps = { cache: deps.cache, identity: deps.cacheIdentity, now: deps.now, out: deps.out }
  const options = { offline: input.offline, maxStaleMs: input.maxStaleMs }
  const [fileEntries, fetched] = await Promise.all([
    readEnvFiles(input.settings.envFiles).then((entries) =>
      resolveEnvFileEntries(entries, async (ref) => (await storeFor(ref.store).get(ref.path))?.value),
    ),
    Promise.all(
      input.settings.paths.map((prefix) =>
        fetchParameters(storeFor(input.settings.store), prefix, options, fetchDeps).then(
          (r): [string, FetchResult] => [prefix, r],
        ),
      ),
    ),
  ])
  // Later --path values override earlier ones; a mistyped one stops the run (layered-paths.ts).
  const layers = await settleEmptyLayers(
    fetched.map(([prefix, result]) => ({ prefix, parameters: result.parameters })),
    storeFor(input.settings.store),
    input.allowEmpty ?? false,
    deps.out,
  )
  const storeEntries = storeEntriesOf(layers, input.settings.store, deps.out)
  const injected = storeEntries.map((e) => e.name)
  for (const line of unknownPreservedNames(input.preserveEnv, deps.env, injected)) deps.out.warn(line)
  const ownEntries: EnvEntry[] = [
    { name: NESTING_MARKER, value: String(depth + 1), source: { layer: 'secrets' } },
    ...Object.entries(input.identity?.env ?? {}).map(([name, value]): EnvEntry => ({
      name,
      value,
      source: { layer: 'secrets' },
    })),
  ]
  const { env, sources } = buildChildEnv({
    fileEntries,
    inherited: deps.env,
    storeEntries,
    preserve: input.preserveEnv,
    ownEntries,
    unset: input.identity?.unset ?? [],
  })
  checkEnvLimits(env, input.command)
  const pending = fetched.flatMap(([, r]) => (r.saveToCache ? [r.saveToCache] : []))
  return { env, explain: explainLines(sources), pending }
}

/**
 * `secrets run`: prepares the environment, starts the child, and resolves to the exit
 * status to pass on. The cache is written while the child runs, never before it starts.
 */
export async function runWithSecrets(input: RunInput, deps: RunDeps): Promise<number> {
  const prepared = await prepareRun(input, deps)
  if (input.explain) {
    deps.out.notice(
      prepared.explain.length
        ? alignExplainLines(prepared.explain).join('\n')
        : '(no variables from env files or stores)',
    )
  }
  const exit = deps.spawn(input.command, prepared.env)
  const saved = Promise.all(prepared.pending.map((save) => save())).catch((error: unknown) => {
    deps.out.warn(`could not update the offline cache: ${(error as Error).message}`)
  })
  const [code] = await Promise.all([exit, saved])
  return code
}

export const defaultSpawn = spawnChild
