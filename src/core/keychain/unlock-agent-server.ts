import { existsSync, lstatSync, unlinkSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import { liveRuns, peerInRunTree, type RunRegistration } from './agent-peer.js'
import { HeldFileKeys } from './held-file-keys.js'
import {
  agentListening,
  agentRequest,
  prepareAgentDir,
  type AgentEntry,
  type AgentRequest,
  type AgentResponse,
  type WireKey,
} from './unlock-agent.js'

export interface AgentServerOptions {
  /** The 0700 directory the socket goes in. */
  dir: string
  /** Idle lifetime: no request for this long and the agent forgets everything and stops. */
  ttlMs: number
  /** The entries it starts with (from the process that started it). */
  initial: AgentEntry[]
  /** How often it checks its socket is still its own and its bound files still exist. */
  checkEveryMs?: number
  /** Whether a connection comes from a run's process tree (undefined: cannot tell); default agent-peer.ts. */
  inRunTree?: (conn: Socket, runs: RunRegistration[]) => Promise<boolean | undefined>
}

export interface AgentServer {
  socket: string
  /** Resolves with why the agent stopped: `lock`, `idle`, `socket-gone`, `empty`, `taken`, `refused`. */
  stopped: Promise<string>
}

/** A request line is small; anything longer is not a client of ours. */
const MAX_REQUEST = 64 * 1024

/**
 * Runs the unlock agent: a Unix socket server holding entries in memory only. It stops (and
 * drops every entry) on `lock`, on idleness, when its socket is removed or replaced, and when
 * it holds nothing. If another agent already answers on the socket it hands that one its
 * initial entries and stops (`taken`).
 */
export async function startAgentServer(options: AgentServerOptions): Promise<AgentServer> {
  const socket = join(options.dir, 'agent.sock')
  const entries = new Map<string, { key: string; value: string; boundTo?: string }>()
  const files = new HeldFileKeys()
  for (const entry of options.initial) {
    if ('fileKey' in entry) holdWire(files, entry.fileKey.path, entry.fileKey.key)
    else entries.set(entry.key, entry)
  }
  const held = () => entries.size + files.size
  const refused = prepareAgentDir(options.dir)
  if (refused) return { socket, stopped: Promise.resolve('refused') }
  // Another agent listening (even if slow): give it our entries rather than run a second one.
  if (await agentListening(socket)) {
    for (const entry of options.initial)
      await agentRequest(
        socket,
        'fileKey' in entry ? { op: 'file-hold', ...entry.fileKey } : { op: 'put', ...entry },
      )
    return { socket, stopped: Promise.resolve('taken') }
  }
  // A socket file nobody answers on is stale (a killed agent): replace it.
  try {
    unlinkSync(socket)
  } catch {
    // none there
  }

  let stop: (why: string) => void = () => {}
  const stopped = new Promise<string>((resolve) => {
    stop = (why) => {
      entries.clear()
      files.clear()
      clearTimeout(idle)
      clearInterval(check)
      server.close()
      if (socketIdentity() === identity)
        try {
          unlinkSync(socket)
        } catch {
          // already gone
        }
      resolve(why)
    }
  })

  let idle: NodeJS.Timeout | undefined
  const touch = () => {
    clearTimeout(idle)
    idle = setTimeout(() => stop('idle'), options.ttlMs)
  }

  // Every run this agent has seen registered (pid -> start time), kept while the run lives.
  const runs = new Map<number, string>()
  const inRunTree =
    options.inRunTree ??
    ((conn: Socket, live: RunRegistration[]) => {
      const fd = (conn as unknown as { _handle?: { fd?: number } })._handle?.fd
      return typeof fd === 'number' && fd >= 0 ? peerInRunTree(fd, live) : Promise.resolve(undefined)
    })
  /** Why this connection is refused, or undefined: a peer inside a live `secrets run` child's tree. */
  const refusal = async (conn: Socket): Promise<string | undefined> => {
    const live = liveRuns(options.dir, runs)
    if (live.length === 0) return undefined
    const inside = await inRunTree(conn, live)
    // A run is live and the peer cannot be told: it may be its child, so no.
    if (inside === undefined) return 'the caller cannot be identified while a secrets run is active'
    return inside
      ? 'the caller runs under secrets run: its child gets what was injected, nothing from the agent'
      : undefined
  }

  const answer = async (request: AgentRequest): Promise<AgentResponse> => {
    // Use by the CLI (not a status probe, never a refused caller) keeps the unlock alive.
    if (request.op !== 'status' && request.op !== 'lock') touch()
    switch (request.op) {
      case 'get': {
        const entry = entries.get(request.key)
        return entry ? { ok: true, value: entry.value } : { ok: false }
      }
      case 'put':
        entries.set(request.key, {
          key: request.key,
          value: request.value,
          ...(request.boundTo ? { boundTo: request.boundTo } : {}),
        })
        return { ok: true }
      case 'delete':
        entries.delete(request.key)
        return { ok: true }
      case 'file-hold':
        return { ok: holdWire(files, request.path, request.key) }
      case 'file-get': {
        const got = await files.get(request.path, request.item)
        return got
          ? {
              ok: true,
              found: got.value !== undefined,
              ...(got.value !== undefined ? { value: got.value } : {}),
            }
          : { ok: false }
      }
      case 'file-list': {
        const names = await files.list(request.path)
        return names ? { ok: true, names } : { ok: false }
      }
      case 'file-set':
      case 'file-delete': {
        const value = request.op === 'file-set' ? request.value : undefined
        const changed = await files.change(request.path, request.item, value)
        return changed ? { ok: true, found: changed.changed } : { ok: false }
      }
      case 'file-forget':
        files.forget(request.path)
        return { ok: true }
      case 'status':
        return { ok: true, pid: process.pid, entries: held(), ttlMs: options.ttlMs }
      case 'lock':
        return { ok: true }
      default:
        return { ok: false }
    }
  }

  const server: Server = createServer((conn) => {
    let buffer = ''
    let busy = false
    conn.setEncoding('utf8')
    conn.on('error', () => conn.destroy())
    conn.setTimeout(5000, () => conn.destroy())
    conn.on('data', (chunk: string) => {
      if (busy) return
      buffer += chunk
      if (buffer.length > MAX_REQUEST) return void conn.destroy()
      const end = buffer.indexOf('\n')
      if (end === -1) return
      let request: AgentRequest
      try {
        request = JSON.parse(buffer.slice(0, end)) as AgentRequest
      } catch {
        return void conn.destroy()
      }
      busy = true
      void (async () => {
        const refused = await refusal(conn)
        const response: AgentResponse = refused
          ? { ok: false, refused }
          : await answer(request).catch(() => ({ ok: false }))
        conn.end(`${JSON.stringify(response)}\n`)
        if (refused) return
        if (request.op === 'lock') stop('lock')
        else if (held() === 0) stop('empty')
      })()
    })
  })

  // The socket is created 0600: no window in which another user could connect.
  const umask = process.umask(0o177)
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(socket, () => resolve())
    })
  } catch {
    return { socket, stopped: Promise.resolve('refused') }
  } finally {
    process.umask(umask)
  }
  const socketIdentity = () => {
    try {
      const stat = lstatSync(socket)
      return `${stat.dev}:${stat.ino}`
    } catch {
      return undefined
    }
  }
  const identity = socketIdentity()
  touch()
  const check = setInterval(() => {
    if (socketIdentity() !== identity) return stop('socket-gone')
    for (const [key, entry] of entries) if (entry.boundTo && !existsSync(entry.boundTo)) entries.delete(key)
    for (const path of files.paths()) if (!existsSync(path)) files.forget(path)
    if (held() === 0) stop('empty')
  }, options.checkEveryMs ?? 2000)
  if (held() === 0) stop('empty')
  return { socket, stopped }
}

/** Takes a key off the wire into the agent's keeping; false when it is malformed. */
function holdWire(files: HeldFileKeys, path: unknown, wire: WireKey | undefined): boolean {
  if (typeof path !== 'string' || !path.startsWith('/') || typeof wire?.salt !== 'string') return false
  const key = Buffer.from(String(wire.key), 'base64')
  const { N, r, p } = wire.kdf ?? {}
  if (key.length !== 32 || ![N, r, p].every((n) => Number.isInteger(n) && (n as number) > 0)) return false
  files.hold(path, { salt: wire.salt, key, kdf: { N: N as number, r: r as number, p: p as number } })
  return true
}
