import { toRemoteError } from '../../shared/aws-errors.js'
import { formatDuration } from '../../shared/duration.js'
import { RemoteError, SecretsError } from '../../shared/errors.js'
import type { HumanOutput } from '../../shared/human-output.js'
import { selectionNotFound, type Parameter, type ParameterStore } from '../store/index.js'
import type { LockEntry } from './lockfile.js'
import {
  decideFallback,
  type CacheScope,
  type CachedFetch,
  type FailureKind,
  type RunCache,
} from './run-cache.js'

export interface FetchOptions {
  offline: boolean
  maxStaleMs: number
  /** `--locked`: read exactly these versions instead of the latest under the prefix. */
  pinned?: LockEntry[]
}

export interface FetchDeps {
  cache: RunCache
  identity: string
  now: () => Date
  out: HumanOutput
}

export interface FetchResult {
  parameters: Parameter[]
  /** Set when the result should be cached; awaited after the child has started. */
  saveToCache?: () => Promise<void>
}

/**
 * Reads every parameter under `prefix`, falling back to the encrypted cache when the
 * remote store is unreachable or keeps throttling. Only the ssm store is cached: the local
 * store cannot be unreachable.
 */
export async function fetchParameters(
  store: ParameterStore,
  prefix: string,
  options: FetchOptions,
  deps: FetchDeps,
): Promise<FetchResult> {
  const pinned = options.pinned
  const read = pinned ? () => readPinned(store, pinned) : () => store.getByPath(prefix)
  if (store.kind === 'local') return { parameters: await read() }
  const scope: CacheScope = {
    store: store.kind,
    prefix: pinned ? pinnedScope(prefix, pinned) : prefix,
    identity: deps.identity,
  }
  const readCache = async (): Promise<CachedFetch | undefined> =>
    (await deps.cache.read(scope)) ??
    (pinned ? pinnedSubset(await deps.cache.read({ ...scope, prefix }), pinned) : undefined)
  if (options.offline) {
    const cached = await readCache()
    if (!cached) {
      throw new RemoteError(`--offline: no cached copy of ${store.kind}:${prefix} for this identity.`, {
        hint: 'Run once without --offline while the store is reachable.',
        code: 'NoCache',
      })
    }
    const ageMs = deps.now().getTime() - cached.fetchedAt.getTime()
    if (ageMs > options.maxStaleMs) throw tooStale(store.kind, prefix, ageMs, options.maxStaleMs)
    deps.out.notice(
      `secrets: --offline: using the cached copy of ${store.kind}:${prefix} from ${formatDuration(ageMs)} ago.`,
    )
    return { parameters: cached.parameters }
  }
  try {
    const parameters = await read()
    const fetchedAt = deps.now()
    return { parameters, saveToCache: () => deps.cache.write(scope, { fetchedAt, parameters }) }
  } catch (error) {
    const failure = failureKind(error)
    const cached = failure === 'unreachable' || failure === 'throttled' ? await readCache() : undefined
    const decision = decideFallback(failure, cached, deps.now(), options.maxStaleMs)
    switch (decision.action) {
      case 'use-cache':
        deps.out.warn(
          `${store.kind}:${prefix} is unreachable; using the cached copy from ${formatDuration(decision.ageMs)} ago.`,
        )
        return { parameters: cached?.parameters ?? [] }
      case 'fail-and-forget':
        await deps.cache.delete(scope)
        throw error
      case 'fail':
        if (decision.reason === 'too-stale' && cached) {
          throw tooStale(
            store.kind,
            prefix,
            deps.now().getTime() - cached.fetchedAt.getTime(),
            options.maxStaleMs,
            error,
          )
        }
        if (decision.reason === 'no-cache') throw noCache(error)
        throw error
    }
  }
}

function failureKind(error: unknown): FailureKind {
  const code = error instanceof SecretsError ? error.code : toRemoteError(error, '').code
  // A service failing with 5xx after retries is an outage like a silent network.
  if (code === 'Unreachable' || code === 'Unavailable') return 'unreachable'
  if (code === 'Throttled') return 'throttled'
  if (code === 'AccessDenied') return 'denied'
  return 'other'
}

/** An outage with nothing cached: the store's own message, with run's ways out. */
function noCache(error: unknown): unknown {
  if (!(error instanceof SecretsError)) return error
  return new RemoteError(`${error.message} No cached copy to start from.`, {
    hint:
      `${error.hint ? `${error.hint} ` : ''}Once one run has read it, \`secrets run\` starts from the ` +
      'encrypted cache during an outage (see --offline and --max-stale).',
    code: error.code,
    cause: error,
  })
}

function tooStale(
  store: string,
  prefix: string,
  ageMs: number,
  maxStaleMs: number,
  cause?: unknown,
): RemoteError {
  return new RemoteError(
    `${store}:${prefix} is unreachable and the cached copy is ${formatDuration(ageMs)} old (over --max-stale ${formatDuration(maxStaleMs)}).`,
    { hint: 'Restore connectivity, or allow an older copy with --max-stale.', code: 'CacheTooStale', cause },
  )
}

/** Reads exactly the locked versions; a version the store no longer has is an error naming it. */
async function readPinned(store: ParameterStore, pinned: LockEntry[]): Promise<Parameter[]> {
  const selected = pinned.map((e) => ({
    path: e.name,
    selector: { kind: 'version' as const, version: e.version },
  }))
  const found = await store.getSelected(selected)
  const missing = found.findIndex((p) => p === undefined)
  if (missing !== -1) {
    const wanted = selected[missing] ?? { path: '' }
    throw selectionNotFound(wanted, store.kind, await store.history(wanted.path), {
      context: `--locked: the lockfile pins ${store.kind}:${wanted.path} to version ${pinned[missing]?.version}`,
    })
  }
  return found as Parameter[]
}

/** The cache scope of a set of pinned versions: another pin set never shares its entry. */
function pinnedScope(prefix: string, pinned: LockEntry[]): string {
  return `${prefix}@${pinned.map((e) => `${e.name}:${e.version}`).join(',')}`
}

/** A cached copy of the latest under the prefix is a hit when it holds every pinned version. */
function pinnedSubset(cached: CachedFetch | undefined, pinned: LockEntry[]): CachedFetch | undefined {
  if (!cached) return undefined
  const parameters = pinned.map((e) =>
    cached.parameters.find((p) => p.path === e.name && p.version === e.version),
  )
  return parameters.every((p) => p !== undefined)
    ? { fetchedAt: cached.fetchedAt, parameters: parameters as Parameter[] }
    : undefined
}
