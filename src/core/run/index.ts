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
import { readEnvFiles, resolveEnvFileEntries, storeResolver } from './env-file.js'
import { fetchParameters, type FetchResult } from './fetch-parameters.js'
import { settleEmptyLayers, storeEntriesOf, unknownPreservedNames } from './layered-paths.js'
import { checkLock, lockedReference, lockedUnder, lockEntry, type RunLock } from './pins.js'
import type { RunCache } from './run-cache.js'
import type { LockEntry } from './lockfile.js'
import { injectedVariables, maskPatterns, type InjectedVariable } from './injected.js'
import type { MaskPattern } from './mask.js'
import type { ChildHandle } from './child-process.js'
import { runWatching, type WatchOptions } from './watch.js'

export { RunCache, decideFallback, scopeId, CACHE_REKEY_STEPS, type CacheRekeyStep } from './run-cache.js'
export { buildChildEnv, explainLines } from './child-env.js'
export { envNameFor, assignEnvNames } from './env-name.js'
export { checkEnvLimits, checkInjectableValue } from './env-limits.js'
export { parseEnvFile, parseReference, readEnvFiles, referenceText, unparsedEnvLines } from './env-file.js'
export {
  LOCKFILE,
  lockfilePath,
  readLockfile,
  writeLockfile,
  formatLockfile,
  parseLockfile,
  diffLock,
  describeDifference,
  sortEntries,
  type LockEntry,
  type LockDifference,
} from './lockfile.js'
export { lockEntry, loadRunLock, type LockMode, type RunLock } from './pins.js'
export { collectInjected, describePin, pinProject, type PinResult } from './pin-project.js'
export { spawnChild, startChild, type ChildHandle } from './child-process.js'
export { maskPlan, MaskStream, MIN_MASKED, type MaskPattern } from './mask.js'
export type { InjectedVariable } from './injected.js'
export type { WatchOptions } from './watch.js'
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
  /** `--mask`: the child's stdout/stderr pass through a filter hiding every injected value. */
  mask?: boolean
  /** The project's lockfile and what it does to this run (see pins.ts). */
  lock?: RunLock
}

/** What a prepared run injects, for the audit log: names and versions, never values. */
export interface RunSummary {
  parameters: LockEntry[]
  names: string[]
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
  spawn: (argv: string[], env: Record<string, string>, options?: SpawnOptions) => Promise<number>
  /** Told what the run injects once the environment is built (the audit entry). */
  onPrepared?: (summary: RunSummary) => void
  /** `--watch`: starts the child and keeps its handle (to restart or signal it). */
  start?: (argv: string[], env: Record<string, string>, options?: SpawnOptions) => ChildHandle
  /** The local store's file, watched by `--watch` when the local store is read. */
  localStoreFile?: string
}

/** How `runWithSecrets` asks for the child (`--mask`: its output filtered). */
export interface SpawnOptions {
  mask?: MaskPattern[]
}

export interface PreparedRun {
  env: Record<string, string>
  /** The variables injected from a store (paths and env-file references), with versions. */
  injected: InjectedVariable[]
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
  const lock = input.lock
  const referenced: LockEntry[] = []
  const resolve = storeResolver(storeFor)
  const [fileEntries, fetched] = await Promise.all([
    readEnvFiles(input.settings.envFiles).then((entries) =>
      resolveEnvFileEntries(
        entries.map((e) => (e.reference ? { ...e, reference: lockedReference(e.reference, lock) } : e)),
        async (refs) => {
          const found = await resolve(refs)
          found.forEach((p, i) => p && referenced.push(lockEntry(refs[i]?.store ?? 'local', p)))
          return found
        },
        (ref) => storeFor(ref.store).history(ref.path),
      ),
    ),
    Promise.all(
      input.settings.paths.map((prefix) =>
        fetchParameters(
          storeFor(input.settings.store),
          prefix,
          lock?.mode === 'locked'
            ? { ...options, pinned: lockedUnder(lock, input.settings.store, prefix) }
            : options,
          fetchDeps,
        ).then((r): [string, FetchResult] => [prefix, r]),
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
  const all = layers.flatMap(({ parameters }) => parameters)
  const versionOf = new Map(all.map((p) => [p.path, p.version]))
  const storeEntries = storeEntriesOf(layers, input.settings.store, deps.out).map((e): EnvEntry => {
    const version = e.source.layer === 'store' ? versionOf.get(e.source.path) : undefined
    return version !== undefined && e.source.layer === 'store'
      ? { ...e, source: { ...e.source, version } }
      : e
  })
  const names = storeEntries.map((e) => e.name)
  for (const line of unknownPreservedNames(input.preserveEnv, deps.env, names)) deps.out.warn(line)
  const injected = [...all.map((parameter) => lockEntry(input.settings.store, parameter)), ...referenced]
  if (lock && lock.mode !== 'locked') checkLock(lock, injected, deps.out)
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
  deps.onPrepared?.({
    parameters: injected,
    names: Object.keys(env).filter((n) => sources.get(n)?.layer !== 'inherited'),
  })
  const pending = fetched.flatMap(([, r]) => (r.saveToCache ? [r.saveToCache] : []))
  const versions = new Map(all.map((parameter) => [parameter.path, parameter.version]))
  return { env, explain: explainLines(sources), pending, injected: injectedVariables(env, sources, versions) }
}

/**
 * `secrets run`: prepares the environment, starts the child, and resolves to the exit
 * status to pass on. The cache is written while the child runs, never before it starts.
 */
export async function runWithSecrets(input: RunInput, deps: RunDeps): Promise<number> {
  const prepared = await prepareRun(input, deps)
  if (input.explain) {
    deps.out.notice(
      prepared.explain.length ? prepared.explain.join('\n') : '(no variables from env files or stores)',
    )
  }
  const exit = deps.spawn(
    input.command,
    prepared.env,
    input.mask ? { mask: maskPatterns(prepared, deps.out) } : {},
  )
  const saved = Promise.all(prepared.pending.map((save) => save())).catch((error: unknown) => {
    deps.out.warn(`could not update the offline cache: ${(error as Error).message}`)
  })
  const [code] = await Promise.all([exit, saved])
  return code
}

/**
 * `secrets run --watch`: as runWithSecrets, then watches what the child was given and
 * restarts (or signals) it on a change (watch.ts). Resolves to the last child's status.
 */
export async function watchWithSecrets(input: RunInput, watch: WatchOptions, deps: RunDeps): Promise<number> {
  const start = deps.start
  if (!start) throw new Error('watchWithSecrets needs deps.start')
  const first = await prepareRun(input, deps)
  if (input.explain)
    deps.out.notice(
      first.explain.length ? first.explain.join('\n') : '(no variables from env files or stores)',
    )
  void Promise.all(first.pending.map((save) => save())).catch(() => undefined)
  const references = first.injected.filter((v) => v.version === undefined).map((v) => v.from)
  const usesLocal = input.settings.store === 'local' || references.some((r) => r.startsWith('local:'))
  const sources = {
    files: [...input.settings.envFiles, ...(usesLocal && deps.localStoreFile ? [deps.localStoreFile] : [])],
    ssm: {
      prefixes: input.settings.store === 'ssm' ? input.settings.paths : [],
      paths: references.filter((r) => r.startsWith('ssm:')).map((r) => r.slice(4)),
    },
  }
  const stores = new Map<StoreKind, ParameterStore>()
  return runWatching(first, sources, watch, {
    prepare: () => prepareRun(input, { ...deps, out: quietWarnings(deps.out) }),
    start: (prepared) =>
      start(input.command, prepared.env, input.mask ? { mask: maskPatterns(prepared, deps.out) } : {}),
    store: (kind) => stores.get(kind) ?? stores.set(kind, deps.openStore(kind)).get(kind)!,
    warn: (message) => deps.out.warn(message),
    notice: (message) => deps.out.notice(message),
  })
}

/** The same port without repeated warnings (a re-read says "no parameters" only once, at start). */
function quietWarnings(out: HumanOutput): HumanOutput {
  return { ...out, warn: () => undefined }
}

export const defaultSpawn = spawnChild
