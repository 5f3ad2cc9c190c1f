import { existsSync, lstatSync, unlinkSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import {
  agentListening,
  agentRequest,
  prepareAgentDir,
  type AgentEntry,
  type AgentRequest,
  type AgentResponse,
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
  const entries = new Map<string, AgentEntry>()
  for (const entry of options.initial) entries.set(entry.key, entry)
  const refused = prepareAgentDir(options.dir)
  if (refused) return { socket, stopped: Promise.resolve('refused') }
  // Another agent listening (even if slow): give it our entries rather than run a second one.
  if (await agentListening(socket)) {
    for (const entry of options.initial) await agentRequest(socket, { op: 'put', ...entry })
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

  const answer = (request: AgentRequest): AgentResponse => {
    // Use (not a status probe) keeps the unlock alive.
    if (request.op === 'get' || request.op === 'put' || request.op === 'delete') touch()
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
      case 'status':
        return { ok: true, pid: process.pid, entries: entries.size, ttlMs: options.ttlMs }
      case 'lock':
        return { ok: true }
      default:
        return { ok: false }
    }
  }

  const server: Server = createServer((conn) => {
    let buffer = ''
    conn.setEncoding('utf8')
    conn.on('error', () => conn.destroy())
    conn.setTimeout(2000, () => conn.destroy())
    conn.on('data', (chunk: string) => {
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
      conn.end(`${JSON.stringify(answer(request))}\n`)
      if (request.op === 'lock') stop('lock')
      else if (entries.size === 0) stop('empty')
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
    if (entries.size === 0) stop('empty')
  }, options.checkEveryMs ?? 2000)
  if (entries.size === 0) stop('empty')
  return { socket, stopped }
}
