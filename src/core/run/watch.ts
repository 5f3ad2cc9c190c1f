import { watch, type FSWatcher } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { errorName } from '../../shared/errors.js'
import type { ParameterStore, StoreKind } from '../store/index.js'
import type { ChildHandle } from './child-process.js'
import type { InjectedVariable } from './injected.js'
import type { PreparedRun } from './index.js'

/**
 * `secrets run --watch`: the child is restarted (or only signalled) when what it was given
 * changes. The local store and env files are watched by their files (fs events, and a poll
 * of the local store as a fallback); the ssm store is polled for versions only, every
 * interval with jitter and a back-off on throttling. Each restart is one stderr line with
 * the changed names (never values) and versions; a child that exits within 2 s three times
 * in a row stops the loop; a store outage keeps the running child and is said once.
 */

export interface WatchOptions {
  /** Sent to the child on a change (`--watch-signal`, default SIGTERM). */
  signal: NodeJS.Signals
  /** How long the child may take to exit before SIGKILL (`--watch-grace`). */
  graceMs: number
  /** false (`--watch-no-restart`): only signal the running child. */
  restart: boolean
  /** How often the ssm store is polled (`--watch-interval`, ≥ 5 s). */
  intervalMs: number
}

export interface WatchSources {
  /** Files whose change may change the environment: env files, the local store's file. */
  files: string[]
  /** Prefixes and referenced paths read from the ssm store (polled by version). */
  ssm: { prefixes: string[]; paths: string[] }
}

export interface WatchDeps {
  /** Builds the environment again from the stores and files (as at start). */
  prepare: () => Promise<PreparedRun>
  /** Starts the child with a prepared environment. */
  start: (prepared: PreparedRun) => ChildHandle
  /** The ssm store, for version polls. */
  store: (kind: StoreKind) => ParameterStore
  warn: (message: string) => void
  notice: (message: string) => void
  now?: () => number
}

/** A child that exits this soon after its start counts towards a crash loop. */
export const CRASH_WINDOW_MS = 2_000
/** This many quick exits in a row stop the loop. */
export const CRASH_LIMIT = 3
/** Shortest `--watch-interval`. */
export const MIN_INTERVAL_MS = 5_000
/** Changes closer together than this are handled once. */
const DEBOUNCE_MS = 150

/** Runs the child under watch; resolves to the last child's exit status. */
export async function runWatching(
  first: PreparedRun,
  sources: WatchSources,
  options: WatchOptions,
  deps: WatchDeps,
): Promise<number> {
  const now = deps.now ?? Date.now
  let current = first
  // Started once the watchers are in place (below): a change right after start is seen.
  let child: ChildHandle
  let startedAt = now()
  let restarts = 0
  let quickExits = 0
  let stopping = false
  let busy: Promise<void> = Promise.resolve()
  let debounce: NodeJS.Timeout | undefined
  let poll: NodeJS.Timeout | undefined
  let outage = false
  let lastVersions: string | undefined
  /** Children stopped on purpose for a restart: their exit is not the run's end. */
  const retired = new WeakSet<ChildHandle>()

  const onStopSignal = () => {
    stopping = true
  }
  const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
  for (const signal of stopSignals) process.on(signal, onStopSignal)

  /** Re-reads everything; restarts or signals the child when its environment changed. */
  const refresh = async (why: string) => {
    let next: PreparedRun
    try {
      next = await deps.prepare()
    } catch (error) {
      if (!outage)
        deps.warn(
          `--watch: could not read the secrets again (${describe(error)}); the child keeps running as it is.`,
        )
      outage = true
      return
    }
    if (outage) deps.notice('secrets: --watch: the store answers again.')
    outage = false
    const changed = changedNames(current, next)
    if (changed.length === 0 || stopping) return
    const what = changed.map((name) => describeChange(name, current.injected, next.injected)).join(', ')
    void Promise.all(next.pending.map((save) => save())).catch(() => undefined)
    current = next
    if (!options.restart) {
      child.kill(options.signal)
      deps.notice(`secrets: ${what} changed (${why}); sent ${options.signal} to the child.`)
      return
    }
    restarts++
    deps.notice(`secrets: ${what} changed (${why}); restarting the child (restart ${restarts}).`)
    retired.add(child)
    await stopChild(child, options)
    if (stopping) return
    child = deps.start(current)
    startedAt = now()
    quickExits = 0
    track(child)
  }
  const schedule = (why: string) => {
    if (debounce) clearTimeout(debounce)
    debounce = setTimeout(() => {
      busy = busy.then(() => refresh(why))
    }, DEBOUNCE_MS)
  }

  // Files: the directory is watched (editors and atomic writers replace the file).
  const watchers: FSWatcher[] = []
  for (const file of new Set(sources.files)) {
    try {
      const w = watch(dirname(file), { persistent: false }, (_event, name) => {
        if (name === null || name === basename(file)) schedule(basename(file))
      })
      w.on('error', () => undefined)
      watchers.push(w)
    } catch (error) {
      // A directory that does not exist yet (the local store before its first write) is
      // noticed by the poll below; anything else is said, as the poll is slower.
      if ((error as { code?: string }).code !== 'ENOENT')
        deps.warn(
          `--watch: cannot watch ${dirname(file)} (${describe(error)}); checking it every interval instead.`,
        )
    }
  }

  child = deps.start(current)
  startedAt = now()

  // The ssm store: versions only, never values; back off on throttling.
  let interval = options.intervalMs
  const pollSsm = async () => {
    try {
      const versions = await ssmVersions(deps.store('ssm'), sources.ssm)
      if (outage) deps.notice('secrets: --watch: the store answers again.')
      outage = false
      interval = options.intervalMs
      if (lastVersions !== undefined && versions !== lastVersions) busy = busy.then(() => refresh('ssm'))
      lastVersions = versions
    } catch (error) {
      if ((error as { code?: string }).code === 'Throttled' || /throttl/i.test(describe(error)))
        interval = Math.min(interval * 2, options.intervalMs * 8)
      if (!outage)
        deps.warn(`--watch: the store cannot be read (${describe(error)}); the child keeps running as it is.`)
      outage = true
    }
  }
  const hasSsm = sources.ssm.prefixes.length + sources.ssm.paths.length > 0
  const hasFiles = sources.files.length > 0
  const tick = () => {
    poll = setTimeout(() => {
      const work = [hasSsm ? pollSsm() : Promise.resolve()]
      // The fallback for file systems without events: the files' stamps.
      if (hasFiles)
        work.push(
          fileStamps(sources.files).then((stamps) => {
            if (stamps !== lastStamps) busy = busy.then(() => refresh('file'))
            lastStamps = stamps
          }),
        )
      void Promise.all(work).then(() => !stopping && tick())
    }, jitter(interval))
  }
  let lastStamps = hasFiles ? await fileStamps(sources.files) : ''
  if (hasSsm) await pollSsm()
  if (hasSsm || hasFiles) tick()

  let finish: (code: number) => void = () => undefined
  const done = new Promise<number>((resolve) => (finish = resolve))
  const track = (handle: ChildHandle) => {
    handle.exit.then(
      (code) => {
        if (handle !== child || retired.has(handle)) return
        if (stopping) return finish(code)
        if (code === 0) return finish(0)
        quickExits = now() - startedAt < CRASH_WINDOW_MS ? quickExits + 1 : 0
        if (quickExits >= CRASH_LIMIT) {
          deps.warn(
            `--watch: the child exited within ${CRASH_WINDOW_MS / 1000} s ${CRASH_LIMIT} times in a row (last status ${code}); not restarting it again.`,
          )
          return finish(code)
        }
        deps.notice(`secrets: the child exited with status ${code}; starting it again.`)
        child = deps.start(current)
        startedAt = now()
        track(child)
      },
      (error: unknown) => {
        if (handle === child) finishWithError(error)
      },
    )
  }
  let failed: unknown
  const finishWithError = (error: unknown) => {
    failed = error
    finish(-1)
  }
  track(child)
  const code = await done
  stopping = true
  if (debounce) clearTimeout(debounce)
  if (poll) clearTimeout(poll)
  for (const w of watchers) w.close()
  for (const signal of stopSignals) process.off(signal, onStopSignal)
  if (failed !== undefined) throw failed
  return code
}

/** Sends the stop signal, then SIGKILL after the grace period; resolves when it exited. */
async function stopChild(child: ChildHandle, options: WatchOptions): Promise<void> {
  if (!child.kill(options.signal)) return void (await child.exit.catch(() => 0))
  const timer = setTimeout(() => child.kill('SIGKILL'), options.graceMs)
  await child.exit.catch(() => 0)
  clearTimeout(timer)
}

/** The names whose value differs between two environments (added and removed too). */
export function changedNames(before: PreparedRun, after: PreparedRun): string[] {
  const names = new Set([...Object.keys(before.env), ...Object.keys(after.env)])
  return [...names].filter((name) => before.env[name] !== after.env[name]).sort()
}

function describeChange(name: string, before: InjectedVariable[], after: InjectedVariable[]): string {
  const a = before.find((v) => v.name === name)?.version
  const b = after.find((v) => v.name === name)?.version
  return a !== undefined && b !== undefined && a !== b ? `${name} (v${a} → v${b})` : name
}

/** A fingerprint of the versions under the watched ssm prefixes and references. */
async function ssmVersions(store: ParameterStore, sources: WatchSources['ssm']): Promise<string> {
  const rows: string[] = []
  for (const prefix of sources.prefixes) {
    const infos = store.versionsByPath ? await store.versionsByPath(prefix) : await store.getByPath(prefix)
    for (const info of infos) rows.push(`${info.path}\0${info.version}`)
  }
  for (const path of sources.paths) {
    const info = store.versionOf ? await store.versionOf(path) : await store.get(path)
    rows.push(`${path}\0${info?.version ?? 'none'}`)
  }
  return rows.sort().join('\n')
}

/** Size, change time and inode of each file: a change of any is a change of the file. */
async function fileStamps(files: string[]): Promise<string> {
  const stamps = await Promise.all(
    files.map((file) =>
      stat(file).then(
        (s) => `${s.ino}:${s.size}:${s.mtimeMs}`,
        () => 'absent',
      ),
    ),
  )
  return stamps.join('\n')
}

function jitter(ms: number): number {
  return Math.round(ms * (0.9 + Math.random() * 0.2))
}

function describe(error: unknown): string {
  const message = (error as Error | undefined)?.message ?? String(error)
  return message.split('\n')[0] ?? errorName(error)
}
