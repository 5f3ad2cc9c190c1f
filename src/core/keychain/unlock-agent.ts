import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { configDir } from '../../shared/config-dir.js'
import { parseDuration } from '../../shared/duration.js'
import { checkPrivateDir } from '../../shared/private-dir.js'
import type { DerivedKey } from './file-keychain-format.js'

/**
 * The unlock agent's client side. One agent per user (per socket directory) keeps, in memory
 * only, what spares later commands an unlock: the file keychain's derived key (never the
 * passphrase), which it never hands out (it decrypts and encrypts items itself, one per
 * request: held-file-keys.ts), and, where asked, a few OS-keychain items (cached role
 * credentials, the local store's data key). It is started on demand by the first interactive
 * unlock (never by SECRETS_KEYCHAIN_PASSPHRASE), and exits on `secrets lock`, after
 * SECRETS_UNLOCK_TTL of idleness (default 15 minutes), or when its socket is removed. Who can
 * reach it: the socket lives in a 0700 directory owned by the user and is itself 0600, and the
 * agent refuses the process tree of a `secrets run` child (agent-peer.ts; docs/security.md).
 */

/** The idle lifetime of an unlock when SECRETS_UNLOCK_TTL is not set. */
export const DEFAULT_UNLOCK_TTL_MS = 15 * 60_000

/** How long a client waits for the agent before going on without it. */
const CLIENT_TIMEOUT_MS = 1500

/**
 * The idle lifetime SECRETS_UNLOCK_TTL asks for (`15m`, `90s`, `1h`; a bare number is
 * seconds; `0` or `off` keeps no unlock at all: every command unlocks for itself).
 */
export function unlockTtlMs(env: NodeJS.ProcessEnv): number {
  const raw = env.SECRETS_UNLOCK_TTL?.trim()
  if (!raw) return DEFAULT_UNLOCK_TTL_MS
  if (raw === '0' || raw.toLowerCase() === 'off') return 0
  if (/^\d+$/.test(raw)) return Number(raw) * 1000
  return parseDuration(raw, 'SECRETS_UNLOCK_TTL')
}

/** Where the agent's directory is recorded when there is no XDG_RUNTIME_DIR (in the 0700 config dir). */
export function agentDirRecord(env: NodeJS.ProcessEnv): string {
  return join(configDir(env), 'agent-dir')
}

/**
 * The agent's directory: `$XDG_RUNTIME_DIR/secrets` (per login session, in memory, removed at
 * logout); without a runtime directory, a directory made with mkdtemp under $TMPDIR (a name
 * nobody can guess and squat in advance), its path recorded in the user's 0700 config dir so
 * every later command, and `secrets lock`, finds it (never under HOME, where backups and file
 * scans would trip over a socket). `create`: make it (0700) when there is none yet. The
 * `problem` names the owner and mode of a directory that cannot be used (a squatted name, a
 * recorded directory someone else now owns).
 */
export function resolveAgentDir(env: NodeJS.ProcessEnv, create = false): { dir?: string; problem?: string } {
  const runtime = env.XDG_RUNTIME_DIR
  if (runtime && runtime.startsWith('/')) {
    const dir = join(runtime, 'secrets')
    if (!create && !existsSync(dir)) return {}
    if (create) {
      const failed = makeDir(dir)
      if (failed) return { problem: failed }
    }
    const problem = untrustedDirReason(dir)
    return problem ? { problem } : { dir }
  }
  const record = agentDirRecord(env)
  let recorded: string | undefined
  try {
    recorded = readFileSync(record, 'utf8').trim()
  } catch {
    recorded = undefined
  }
  const configProblem = checkPrivateDir(configDir(env), { strict: true })?.message
  if (configProblem) return { problem: configProblem }
  let problem: string | undefined
  if (recorded && recorded.startsWith('/')) {
    problem = untrustedDirReason(recorded)
    if (!problem) return { dir: recorded }
    if (!existsSync(recorded)) problem = undefined
  }
  // A recorded directory that is gone or no longer ours (reported): a new one replaces it.
  if (!create) return problem ? { problem } : {}
  try {
    mkdirSync(configDir(env), { recursive: true, mode: 0o700 })
    const refused = checkPrivateDir(configDir(env), { strict: true })
    if (refused) return { problem: refused.message }
    const dir = mkdtempSync(join(tmpdir(), 'secrets-agent-'))
    const temp = `${record}.${process.pid}.tmp`
    writeFileSync(temp, `${dir}\n`, { mode: 0o600 })
    renameSync(temp, record)
    return { dir }
  } catch (error) {
    return {
      problem: `cannot create the agent directory: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    }
  }
}

/** Every directory an agent of this user may run in (for `secrets lock`): the runtime one and the recorded one. */
export function agentDirCandidates(env: NodeJS.ProcessEnv): string[] {
  const dirs = new Set<string>()
  const current = resolveAgentDir(env).dir
  if (current) dirs.add(current)
  const withoutRuntime = resolveAgentDir({ ...env, XDG_RUNTIME_DIR: undefined }).dir
  if (withoutRuntime) dirs.add(withoutRuntime)
  return [...dirs]
}

/** The agent's socket path (in the directory resolveAgentDir gives; a path that does not exist when there is none). */
export function agentSocketPath(env: NodeJS.ProcessEnv): string {
  const runtime = env.XDG_RUNTIME_DIR
  const dir =
    resolveAgentDir(env).dir ?? (runtime?.startsWith('/') ? join(runtime, 'secrets') : '/nonexistent')
  return join(dir, 'agent.sock')
}

/** Why a socket directory cannot be trusted (naming owner and mode), or undefined when it is ours and private. */
export function untrustedDirReason(
  dir: string,
  uid: number | undefined = process.getuid?.(),
): string | undefined {
  if (!existsSync(dir)) return `${dir} does not exist`
  return checkPrivateDir(dir, { strict: true, uid })?.message
}

function makeDir(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    return undefined
  } catch (error) {
    return `cannot create ${dir}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`
  }
}

/** Creates the socket directory 0700 (parents too) and checks it; the reason when it cannot be used. */
export function prepareAgentDir(dir: string): string | undefined {
  return makeDir(dir) ?? untrustedDirReason(dir)
}

/** A derived key as it crosses the socket, client to agent only (never back). */
export interface WireKey {
  salt: string
  key: string
  kdf: { N: number; r: number; p: number }
}

/** One request to the agent. */
export type AgentRequest =
  | { op: 'get'; key: string }
  | { op: 'put'; key: string; value: string; boundTo?: string }
  | { op: 'delete'; key: string }
  | { op: 'file-hold'; path: string; key: WireKey }
  | { op: 'file-get'; path: string; item: string }
  | { op: 'file-list'; path: string }
  | { op: 'file-set'; path: string; item: string; value: string }
  | { op: 'file-delete'; path: string; item: string }
  | { op: 'file-forget'; path: string }
  | { op: 'lock' }
  | { op: 'status' }

export interface AgentResponse {
  ok: boolean
  value?: string
  /** `file-get`: the item exists (`value` is its value). `file-set`/`file-delete`: something changed. */
  found?: boolean
  names?: string[]
  /** Set when the agent refused the caller (a process inside a `secrets run` child's tree). */
  refused?: string
  /** For `status`: the agent's pid, entry count and idle lifetime. */
  pid?: number
  entries?: number
  ttlMs?: number
}

/**
 * Sends one request to the agent at `socket` (one JSON line each way). Undefined when no agent
 * answers (none running, a stale socket, killed mid-request, too slow): callers then do
 * without it. Never throws.
 */
export function agentRequest(
  socket: string,
  request: AgentRequest,
  timeoutMs = CLIENT_TIMEOUT_MS,
): Promise<AgentResponse | undefined> {
  if (untrustedDirReason(join(socket, '..')) !== undefined) return Promise.resolve(undefined)
  return new Promise((resolve) => {
    let buffer = ''
    let settled = false
    const done = (value: AgentResponse | undefined) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      conn.destroy()
      resolve(value)
    }
    const conn = connect(socket)
    const timer = setTimeout(() => done(undefined), timeoutMs)
    conn.setEncoding('utf8')
    conn.on('error', () => done(undefined))
    conn.on('close', () => done(undefined))
    conn.on('data', (chunk: string) => {
      buffer += chunk
      const end = buffer.indexOf('\n')
      if (end === -1) return
      try {
        done(JSON.parse(buffer.slice(0, end)) as AgentResponse)
      } catch {
        done(undefined)
      }
    })
    conn.on('connect', () => conn.write(`${JSON.stringify(request)}\n`))
  })
}

/** One thing the agent starts with: a cached item, or a file keychain key to hold. */
export type AgentEntry =
  { key: string; value: string; boundTo?: string } | { fileKey: { path: string; key: WireKey } }

/**
 * True when something listens on the socket (a connect succeeds, even if it is too slow to
 * answer); false for no socket or a stale one (refused). Bounded.
 */
export function agentListening(socket: string, timeoutMs = CLIENT_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const conn = connect(socket)
    const done = (alive: boolean) => {
      clearTimeout(timer)
      conn.destroy()
      resolve(alive)
    }
    const timer = setTimeout(() => done(true), timeoutMs)
    conn.on('connect', () => done(true))
    conn.on('error', () => done(false))
  })
}

/**
 * What the file keychain asks of the agent. The agent holds the derived key and does the
 * decryption and encryption itself: a caller gets one item per request, never the key.
 * Each answer is undefined when no agent holds a key for `path` (none running, locked,
 * expired, refused, a key that no longer opens the file).
 */
export interface FileUnlock {
  get(path: string, item: string): Promise<{ value: string | undefined } | undefined>
  list(path: string): Promise<string[] | undefined>
  /** Sets (`value` given) or deletes one item. */
  change(path: string, item: string, value: string | undefined): Promise<{ changed: boolean } | undefined>
  /** Hands the agent a key to hold (starting an agent when none runs). */
  hold(path: string, key: DerivedKey): Promise<void>
  /** The agent drops the key for `path` (a re-key, a key that no longer opens the file). */
  forget(path: string): Promise<void>
}

/** What the keychain stores need from the agent. */
export interface UnlockCache {
  /** Cached OS-keychain items (role credentials, data keys): recall, remember and forget by key. */
  recall(key: string): Promise<string | undefined>
  /** `boundTo`: a file whose removal makes the entry pointless (the agent then drops it). */
  remember(key: string, value: string, boundTo?: string): Promise<void>
  forget(key: string): Promise<void>
  file: FileUnlock
}

export interface UnlockAgentOptions {
  env: NodeJS.ProcessEnv
  /** The agent process entry (a JS file run with this Node), given by the CLI's wiring. */
  entry: string
  /** Told once why the agent cannot be used (a squatted or foreign directory, naming its owner). */
  warn?: ((message: string) => void) | undefined
}

function toWire(key: DerivedKey): WireKey {
  return { salt: key.salt, key: key.key.toString('base64'), kdf: { ...key.kdf } }
}

/**
 * The unlock cache backed by the per-user agent; undefined when SECRETS_UNLOCK_TTL turns
 * unlocks off. Handing it something starts the agent when none answers, giving it the entry on
 * its stdin (no waiting for it to listen); every other call does without an absent agent. A
 * refusal (this process is inside a `secrets run` child's tree) is never answered by starting
 * another agent.
 */
export function unlockAgent(options: UnlockAgentOptions): UnlockCache | undefined {
  const ttlMs = unlockTtlMs(options.env)
  if (ttlMs === 0) return undefined
  let warned = false
  const located = () => {
    const found = resolveAgentDir(options.env)
    if (found.problem && !warned) {
      warned = true
      options.warn?.(`the unlock agent is not used: ${found.problem}`)
    }
    return found.dir ? join(found.dir, 'agent.sock') : undefined
  }
  const ask = async (request: AgentRequest) => {
    const socket = located()
    return socket ? agentRequest(socket, request) : undefined
  }
  // An agent this process started: later entries wait for it to listen rather than start a
  // second one (two agents racing for one socket would lose entries).
  let started: Promise<boolean> | undefined
  const give = async (request: AgentRequest, entry: AgentEntry) => {
    if (started && (await started)) {
      await ask(request)
      return
    }
    const answer = await ask(request)
    if (answer?.ok || answer?.refused) return
    const dir = resolveAgentDir(options.env, true)
    if (!dir.dir) {
      if (dir.problem && !warned) options.warn?.(`the unlock agent is not used: ${dir.problem}`)
      warned = true
      return
    }
    const socket = join(dir.dir, 'agent.sock')
    // Waits (bounded, 2 s) until the new agent listens: the next command, started the moment
    // this one exits (`secrets get a; secrets get b` in a script), must find the unlock held.
    started = startAgent(options, dir.dir, ttlMs, [entry]).then(() => waitListening(socket))
    await started
  }
  const held = <T>(answer: AgentResponse | undefined, value: (answer: AgentResponse) => T) =>
    answer?.ok ? value(answer) : undefined
  return {
    async recall(key) {
      const answer = await ask({ op: 'get', key })
      return answer?.ok ? answer.value : undefined
    },
    async remember(key, value, boundTo) {
      const entry = { key, value, ...(boundTo ? { boundTo } : {}) }
      await give({ op: 'put', ...entry }, entry)
    },
    async forget(key) {
      await ask({ op: 'delete', key })
    },
    file: {
      async get(path, item) {
        return held(await ask({ op: 'file-get', path, item }), (a) => ({
          value: a.found ? a.value : undefined,
        }))
      },
      async list(path) {
        return held(await ask({ op: 'file-list', path }), (a) => a.names ?? [])
      },
      async change(path, item, value) {
        const request: AgentRequest =
          value === undefined ? { op: 'file-delete', path, item } : { op: 'file-set', path, item, value }
        return held(await ask(request), (a) => ({ changed: a.found === true }))
      },
      async hold(path, key) {
        const wire = toWire(key)
        await give({ op: 'file-hold', path, key: wire }, { fileKey: { path, key: wire } })
      },
      async forget(path) {
        await ask({ op: 'file-forget', path })
      },
    },
  }
}

/** Forgets every unlock at once, wherever this user's agent runs: true when one was running (it has exited). */
export async function lockAgent(env: NodeJS.ProcessEnv): Promise<boolean> {
  let any = false
  for (const dir of agentDirCandidates(env)) {
    const answer = await agentRequest(join(dir, 'agent.sock'), { op: 'lock' })
    any ||= answer?.ok === true
  }
  return any
}

/** The agent's status, or undefined when none runs. */
export async function agentStatus(env: NodeJS.ProcessEnv): Promise<AgentResponse | undefined> {
  return agentRequest(agentSocketPath(env), { op: 'status' })
}

/** Waits (bounded, 2 s) until an agent listens on the socket. */
async function waitListening(socket: string): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    if (await agentListening(socket, 200)) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return false
}

/**
 * Starts a detached agent with a minimal environment (never the passphrase or AWS
 * credentials) and hands it its first entries on stdin. Resolves once they are written.
 */
async function startAgent(
  options: UnlockAgentOptions,
  dir: string,
  ttlMs: number,
  entries: AgentEntry[],
): Promise<void> {
  if (prepareAgentDir(dir) !== undefined) return
  // Loaded here, not at the top: most processes find an agent running and never spawn one.
  const { spawn } = await import('node:child_process')
  const env: NodeJS.ProcessEnv = {
    PATH: options.env.PATH ?? '/usr/bin:/bin',
    SECRETS_AGENT_DIR: dir,
    SECRETS_UNLOCK_TTL_MS: String(ttlMs),
  }
  return new Promise((resolve) => {
    let child
    try {
      child = spawn(process.execPath, [options.entry], {
        detached: true,
        stdio: ['pipe', 'ignore', 'ignore'],
        env,
        cwd: '/',
      })
    } catch {
      resolve()
      return
    }
    child.on('error', () => resolve())
    child.unref()
    const stdin = child.stdin
    stdin.on('error', () => resolve())
    stdin.end(`${JSON.stringify(entries)}\n`, () => resolve())
    ;(stdin as unknown as { unref?: () => void }).unref?.()
  })
}
