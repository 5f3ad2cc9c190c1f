import { lstatSync, mkdirSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseDuration } from '../../shared/duration.js'

/**
 * The unlock agent's client side. One agent per user (per socket directory) keeps, in memory
 * only, what spares later commands an unlock: the file keychain's derived key (never the
 * passphrase) and, where asked, a few keychain items (cached role credentials, the local
 * store's data key). It is started on demand by the first command that unlocks, and exits on
 * `secrets lock`, after SECRETS_UNLOCK_TTL of idleness (default 15 minutes), or when its socket
 * is removed. Who can reach it: the socket lives in a 0700 directory owned by the user and is
 * itself 0600 (see docs/security.md for why this is the boundary).
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

/**
 * The agent's directory: `$XDG_RUNTIME_DIR/secrets` (per login session, in memory, removed at
 * logout), else `$TMPDIR/secrets-<uid>` as ssh-agent does (never under HOME, where backups and
 * file scans would trip over a socket). Either is created 0700 and must be ours.
 */
export function agentDir(env: NodeJS.ProcessEnv): string {
  const runtime = env.XDG_RUNTIME_DIR
  if (runtime && runtime.startsWith('/')) return join(runtime, 'secrets')
  return join(tmpdir(), `secrets-${process.getuid?.() ?? 'user'}`)
}

export function agentSocketPath(env: NodeJS.ProcessEnv): string {
  return join(agentDir(env), 'agent.sock')
}

/** Why a socket directory cannot be trusted, or undefined when it is ours and private. */
export function untrustedDirReason(
  dir: string,
  uid: number | undefined = process.getuid?.(),
): string | undefined {
  let stat
  try {
    stat = lstatSync(dir)
  } catch {
    return `${dir} does not exist`
  }
  if (!stat.isDirectory()) return `${dir} is not a directory`
  if (uid !== undefined && stat.uid !== uid) return `${dir} belongs to another user (uid ${stat.uid})`
  if ((stat.mode & 0o077) !== 0)
    return `${dir} is reachable by other users (mode ${(stat.mode & 0o777).toString(8)})`
  return undefined
}

/** Creates the socket directory 0700 (parents too) and checks it; the reason when it cannot be used. */
export function prepareAgentDir(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
  } catch (error) {
    return `cannot create ${dir}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`
  }
  return untrustedDirReason(dir)
}

/** One request to the agent. */
export type AgentRequest =
  | { op: 'get'; key: string }
  | { op: 'put'; key: string; value: string; boundTo?: string }
  | { op: 'delete'; key: string }
  | { op: 'lock' }
  | { op: 'status' }

export interface AgentResponse {
  ok: boolean
  value?: string
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

/** One thing the agent holds: a value under a key, optionally bound to a file's existence. */
export interface AgentEntry {
  key: string
  value: string
  boundTo?: string
}

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

/** What the keychain stores need from the agent: recall, remember and forget by key. */
export interface UnlockCache {
  recall(key: string): Promise<string | undefined>
  /** `boundTo`: a file whose removal makes the entry pointless (the agent then drops it). */
  remember(key: string, value: string, boundTo?: string): Promise<void>
  forget(key: string): Promise<void>
}

export interface UnlockAgentOptions {
  env: NodeJS.ProcessEnv
  /** The agent process entry (a JS file run with this Node), given by the CLI's wiring. */
  entry: string
}

/**
 * The unlock cache backed by the per-user agent; undefined when SECRETS_UNLOCK_TTL turns
 * unlocks off. `remember` starts the agent when none answers, handing it the entry on its
 * stdin (no waiting for it to listen); every other call does without an absent agent.
 */
export function unlockAgent(options: UnlockAgentOptions): UnlockCache | undefined {
  const ttlMs = unlockTtlMs(options.env)
  if (ttlMs === 0) return undefined
  const socket = agentSocketPath(options.env)
  // An agent this process started: later entries wait for it to listen rather than start a
  // second one (two agents racing for one socket would lose entries).
  let started: Promise<boolean> | undefined
  return {
    async recall(key) {
      const answer = await agentRequest(socket, { op: 'get', key })
      return answer?.ok ? answer.value : undefined
    },
    async remember(key, value, boundTo) {
      const entry = { key, value, ...(boundTo ? { boundTo } : {}) }
      if (started && (await started)) {
        await agentRequest(socket, { op: 'put', ...entry })
        return
      }
      const answer = await agentRequest(socket, { op: 'put', ...entry })
      if (answer?.ok) return
      const spawned = startAgent(options, ttlMs, [entry])
      started = spawned.then(() => waitListening(socket))
      await spawned
    },
    async forget(key) {
      await agentRequest(socket, { op: 'delete', key })
    },
  }
}

/** Forgets every unlock at once: true when an agent was running (it has exited). */
export async function lockAgent(env: NodeJS.ProcessEnv): Promise<boolean> {
  const answer = await agentRequest(agentSocketPath(env), { op: 'lock' })
  return answer?.ok === true
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
async function startAgent(options: UnlockAgentOptions, ttlMs: number, entries: AgentEntry[]): Promise<void> {
  const dir = agentDir(options.env)
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
