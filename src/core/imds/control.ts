import { lstat, mkdir, readdir, unlink } from 'node:fs/promises'
import { createConnection, createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalEnvError, UsageError, systemErrorCode } from '../../shared/errors.js'
import {
  SPOT_ACTIONS,
  parseSimulationKind,
  type Lifecycle,
  type ScheduledSimulation,
  type SimulationRequest,
} from './lifecycle.js'

/**
 * The control channel of a running emulator: a Unix socket `<port>.sock` in a directory
 * only this user can enter (0700, owned by the user, checked). So only the same user on
 * the same machine can trigger simulations; nothing listens on the network for it.
 */
export function controlDir(env: NodeJS.ProcessEnv): string {
  const uid = process.getuid?.() ?? 0
  return join(env.XDG_RUNTIME_DIR || tmpdir(), `secrets-imds-${uid}`)
}

/** Creates (or checks) the private directory; refuses one another user could enter. */
async function privateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const info = await lstat(dir)
  const uid = process.getuid?.()
  if (!info.isDirectory() || (uid !== undefined && info.uid !== uid) || (info.mode & 0o077) !== 0)
    throw new LocalEnvError(`${dir} is not a private directory of this user.`, {
      hint: `Remove it (or fix it to mode 0700, owned by you) and start again.`,
      code: 'ControlDirNotPrivate',
    })
}

interface ControlReply {
  ok: boolean
  message?: string
  scheduled?: { kind: string; at: string; action?: string }[]
}

/** Listens on `<dir>/<port>.sock` and schedules what `secrets imds trigger` asks for. */
export async function startControl(
  port: number,
  lifecycle: Lifecycle,
  deps: { env: NodeJS.ProcessEnv; now: () => Date },
): Promise<{ path: string; close(): Promise<void> }> {
  if (process.platform === 'win32') return { path: '', close: async () => {} }
  const dir = controlDir(deps.env)
  await privateDir(dir)
  const path = join(dir, `${port}.sock`)
  await unlink(path).catch(() => undefined)
  const server: Server = createServer((socket) => {
    let input = ''
    socket.setTimeout(2_000, () => socket.destroy())
    socket.setEncoding('utf8')
    socket.on('error', () => undefined)
    socket.on('data', (chunk: string) => {
      input += chunk
      if (input.length > 4_096) return socket.destroy()
      const end = input.indexOf('\n')
      if (end === -1) return
      socket.end(`${JSON.stringify(handle(input.slice(0, end), lifecycle, deps.now()))}\n`)
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(path, () => resolve())
  })
  let closing: Promise<void> | undefined
  return {
    path,
    close: () =>
      (closing ??= new Promise<void>((resolve) => server.close(() => resolve())).then(() =>
        unlink(path).catch(() => undefined),
      )),
  }
}

function handle(line: string, lifecycle: Lifecycle, now: Date): ControlReply {
  try {
    const request = JSON.parse(line) as { kind?: unknown; delayMs?: unknown; action?: unknown }
    if (request.kind === 'list') return { ok: true, scheduled: lifecycle.list().map(describe) }
    const kind = parseSimulationKind(String(request.kind))
    const delayMs = Number(request.delayMs ?? 0)
    if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 7 * 86_400_000)
      return { ok: false, message: 'bad delay' }
    const action = request.action
    if (action !== undefined && !(SPOT_ACTIONS as readonly unknown[]).includes(action))
      return { ok: false, message: 'bad spot action' }
    const simulation: SimulationRequest = { kind, delayMs, ...(action ? { action: action as 'stop' } : {}) }
    lifecycle.schedule(simulation, now)
    return { ok: true, scheduled: lifecycle.list().map(describe) }
  } catch (error) {
    return { ok: false, message: (error as Error).message }
  }
}

function describe(s: ScheduledSimulation): { kind: string; at: string; action?: string } {
  return { kind: s.kind, at: s.at.toISOString(), ...(s.action ? { action: s.action } : {}) }
}

/** What `secrets imds trigger` sends: a simulation, or `list` to read the schedule. */
export interface TriggerInput {
  kind: string
  delayMs?: number
  action?: string
  /** The IMDS port of the emulator to reach; needed only when several run. */
  port?: number
}

/** Sends one request to a running emulator of this user and returns its schedule. */
export async function sendTrigger(
  input: TriggerInput,
  deps: { env: NodeJS.ProcessEnv },
): Promise<{ port: number; scheduled: NonNullable<ControlReply['scheduled']> }> {
  if (process.platform === 'win32')
    throw new UsageError('`secrets imds trigger` needs Unix sockets (Linux, macOS).', {
      hint: 'Schedule the simulation at start instead (--spot-interruption DELAY etc.).',
      code: 'TriggerUnsupported',
    })
  const dir = controlDir(deps.env)
  const ports =
    input.port !== undefined
      ? [input.port]
      : (await readdir(dir).catch(() => [] as string[]))
          .filter((name) => /^\d+\.sock$/.test(name))
          .map((name) => Number(name.slice(0, -5)))
  const live: { port: number; reply: ControlReply }[] = []
  for (const port of ports.slice(0, 64)) {
    const reply = await request(join(dir, `${port}.sock`), input).catch((error: unknown) => {
      if (systemErrorCode(error) === 'ECONNREFUSED' && input.port === undefined)
        void unlink(join(dir, `${port}.sock`)).catch(() => undefined)
      return undefined
    })
    if (reply) live.push({ port, reply })
    if (live.length > 1 && input.kind !== 'list') break
  }
  if (live.length === 0)
    throw new LocalEnvError(
      input.port === undefined
        ? 'No running metadata emulator of this user was found.'
        : `No running metadata emulator of this user serves IMDS on port ${input.port}.`,
      { hint: 'Start one with `secrets imds` (or `secrets run --imds`) first.', code: 'NoEmulator' },
    )
  if (live.length > 1)
    throw new UsageError('Several metadata emulators are running.', {
      hint: `Name one with --port (${live.map((l) => l.port).join(', ')}).`,
      code: 'SeveralEmulators',
    })
  const [{ port, reply }] = live as [{ port: number; reply: ControlReply }]
  if (!reply.ok)
    throw new UsageError(`The emulator refused the request: ${reply.message ?? 'unknown'}.`, {
      code: 'TriggerRefused',
    })
  return { port, scheduled: reply.scheduled ?? [] }
}

function request(path: string, input: TriggerInput): Promise<ControlReply> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path)
    let output = ''
    socket.setTimeout(2_000, () => socket.destroy(new Error('timeout')))
    socket.setEncoding('utf8')
    socket.on('connect', () =>
      socket.write(
        `${JSON.stringify({ kind: input.kind, delayMs: input.delayMs ?? 0, action: input.action })}\n`,
      ),
    )
    socket.on('data', (chunk: string) => {
      output += chunk
      if (output.length > 65_536) socket.destroy(new Error('reply too long'))
    })
    socket.on('error', reject)
    socket.on('end', () => {
      try {
        resolve(JSON.parse(output) as ControlReply)
      } catch (error) {
        reject(error as Error)
      }
    })
  })
}
