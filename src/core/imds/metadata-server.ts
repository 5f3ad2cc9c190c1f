import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { LocalEnvError, systemErrorCode } from '../../shared/errors.js'
import { errorResponse, type MetadataRequest, type MetadataResponse } from './metadata-response.js'
import type { PeerOwnerGuard, PeerVerdict } from './peer-owner.js'
import type { RequestLogEntry } from './request-log.js'
import { isAllowedHost, isAllowedPeer } from './request-guard.js'

/** A running local server: where it listens and how to stop it. */
export interface ServerLifecycle {
  url: string
  host: string
  port: number
  close(): Promise<void>
}

export interface MetadataServerInput {
  bind: string
  port: number
  /** Answers one request that passed the peer and Host checks. */
  handle: (req: MetadataRequest) => MetadataResponse | Promise<MetadataResponse>
  /** For messages: `IMDS` or `ECS`. */
  label: string
  /** Which local user may connect (Linux); absent: every local user (see peer-owner.ts). */
  peerOwner?: PeerOwnerGuard
  /** Told of each answered request (`secrets imds --verbose`); never given a header. */
  onRequest?: (entry: RequestLogEntry) => void
}

/**
 * Starts an HTTP server that applies the hardening every metadata answer needs — loopback
 * peers only, the Host header must name this server — and then hands over to `handle`.
 */
export async function startMetadataServer(input: MetadataServerInput): Promise<ServerLifecycle> {
  // The peer is checked once per connection: its address and its owner cannot change on a
  // socket. The owner's lookup (a read of /proc/net/tcp) starts on connect; keep-alive
  // requests after the first find the settled verdict.
  const peerAllowed = new WeakMap<Socket, PeerVerdict | Promise<PeerVerdict>>()
  const refused: PeerVerdict = { allowed: false, uid: undefined }
  const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    const started = performance.now()
    const verdict = peerAllowed.get(req.socket) ?? refused
    if (!(verdict instanceof Promise)) void answer(req, res, input, port, verdict, started)
    else void verdict.then((settled) => answer(req, res, input, port, settled, started))
  })
  server.on('connection', (socket: Socket) => {
    const local = isAllowedPeer(socket.remoteAddress, input.bind)
    if (!local || !input.peerOwner) return void peerAllowed.set(socket, { allowed: local, uid: undefined })
    const owner = input.peerOwner.check(socket).then((settled) => {
      peerAllowed.set(socket, settled)
      return settled
    })
    peerAllowed.set(socket, owner)
  })
  let port = input.port
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(listenError(error, input)))
    server.listen({ host: input.bind, port: input.port, exclusive: true }, () => resolve())
  })
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : input.port
  const host = input.bind.includes(':') ? `[${input.bind}]` : input.bind
  let closing: Promise<void> | undefined
  return {
    url: port === 80 ? `http://${host}` : `http://${host}:${port}`,
    host: input.bind,
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Keep-alive sockets would otherwise hold close() open until they time out.
        server.closeAllConnections()
      })),
  }
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  input: MetadataServerInput,
  port: number,
  peer: PeerVerdict,
  started: number,
): Promise<void> {
  let response: MetadataResponse
  if (!peer.allowed) {
    // Another machine or another local user: refuse and drop the connection, it must never
    // reach credentials.
    response = errorResponse(403, 'Forbidden', 'Only your own local processes may use this endpoint.')
    res.shouldKeepAlive = false
  } else if (!isAllowedHost(req.headers.host, input.bind, port)) {
    // A foreign Host means a browser page reached us through DNS rebinding.
    response = errorResponse(403, 'Forbidden', 'The Host header does not name this endpoint.')
  } else {
    try {
      const pending = input.handle({
        method: req.method ?? 'GET',
        path: requestPath(req.url),
        // Node joins repeated headers with ", " (only set-cookie stays an array, unused here).
        headers: req.headers as Record<string, string | undefined>,
      })
      // Stay synchronous on the hot path: only a credentials refresh makes the answer wait.
      response = pending instanceof Promise ? await pending : pending
    } catch (error) {
      response = internalError(error, input.label)
    }
  }
  write(req, res, response)
  input.onRequest?.({
    server: input.label,
    method: req.method ?? 'GET',
    path: requestPath(req.url),
    status: response.status,
    uid: peer.uid,
    durationMs: performance.now() - started,
  })
}

/** The request target without its query string. */
function requestPath(url = '/'): string {
  const query = url.indexOf('?')
  return query === -1 ? url : url.slice(0, query)
}

function internalError(error: unknown, label: string): MetadataResponse {
  // Say what failed without details that could carry credential material.
  const code = (error as { code?: unknown } | undefined)?.code
  return errorResponse(
    500,
    'InternalError',
    `${label} could not get credentials${typeof code === 'string' ? ` (${code})` : ''}.`,
  )
}

function write(req: IncomingMessage, res: ServerResponse, response: MetadataResponse): void {
  // Any request body is discarded by Node once the response ends.
  res.writeHead(response.status, response.headers)
  res.end(req.method === 'HEAD' ? undefined : (response.bytes ?? response.body))
}

function listenError(error: Error, input: MetadataServerInput): Error {
  const code = systemErrorCode(error)
  const where = `${input.bind}:${input.port}`
  if (code === 'EADDRINUSE')
    return new LocalEnvError(`The ${input.label} port ${where} is already in use.`, {
      hint: 'Pick another port (or 0 for any free one).',
      code: 'PortInUse',
    })
  if (code === 'EACCES')
    return new LocalEnvError(`Not allowed to listen on ${where} (privileged port).`, {
      hint: 'Use a port above 1023, or run with the privilege your OS needs (see docs/imds.md).',
      code: 'PortNotAllowed',
    })
  if (code === 'EADDRNOTAVAIL')
    return new LocalEnvError(`${input.bind} is not an address of this machine.`, {
      hint: 'Add the loopback alias first (docs/imds.md: `ip addr add 169.254.169.254/32 dev lo`).',
      code: 'AddressNotAvailable',
    })
  return new LocalEnvError(
    `Could not start the ${input.label} server on ${where}: ${code ?? error.message}.`,
    {
      cause: error,
    },
  )
}
