import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

/**
 * What the proxy does with the next requests:
 * - `pass`: forward to the target.
 * - `throttle`: answer the next `times` requests with the protocol's throttling error.
 * - `deny`: answer every request with the protocol's access-denied error.
 * - `drop`: close the connection without an answer (FIN), as a dying proxy does.
 * - `reset`: abort the connection with a TCP RST, as a firewall or a crashed peer does.
 * - `blackhole`: accept the connection and the request, and never answer (VPN black hole,
 *   captive portal, half-open proxy) until the proxy is closed.
 * - `drip`: forward, then send the answer's status line at once and its body one byte every
 *   `intervalMs` (a slow link that never quite stalls).
 * - `status`: answer `times` requests (default: all) with HTTP `status` (5xx) and the
 *   protocol's error body.
 */
export type FaultMode =
  | { kind: 'pass' }
  | { kind: 'throttle'; times: number }
  | { kind: 'deny' }
  | { kind: 'drop' }
  | { kind: 'reset' }
  | { kind: 'blackhole' }
  | { kind: 'drip'; intervalMs: number }
  | { kind: 'status'; status: number; times?: number }

/**
 * An HTTP proxy on 127.0.0.1 in front of moto or the Identity Center fake that injects
 * network and service faults, to test bounds, retries, cache fallback and messages with real
 * SDK clients. Error bodies follow the request's protocol: awsJson (`__type`), awsQuery (XML,
 * STS/IAM) or restJson (`x-amzn-errortype`, SSO/SSO-OIDC).
 */
export interface FaultProxy {
  url: string
  mode: FaultMode
  /** Requests received (every mode). */
  requests: number
  /** Requests received per AWS operation (`X-Amz-Target`, the query `Action`, or the path). */
  operations: string[]
  /**
   * How long the client kept the proxy busy since `restartClock()`: from the first request to
   * the end of the last one (answered, or abandoned by the client). Start-up is not in it.
   */
  busyMs(): number
  restartClock(): void
  close(): Promise<void>
}

/** Starts the proxy on 127.0.0.1 port 0 in front of `target`. */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const state: FaultProxy = {
    url: '',
    mode: { kind: 'pass' },
    requests: 0,
    operations: [],
    busyMs: () => (firstAt === undefined ? 0 : Math.max(0, lastCloseAt - firstAt)),
    restartClock: () => {
      firstAt = undefined
      lastCloseAt = 0
    },
    close: async () => {},
  }
  let firstAt: number | undefined
  let lastCloseAt = 0
  const upstream = new URL(target)
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const server: Server = createServer((req, res) => {
    state.requests++
    firstAt ??= Date.now()
    // A request ends when its answer is sent or its connection goes (the client gave up);
    // an idle keep-alive socket afterwards does not count.
    const ended = () => (lastCloseAt = Math.max(lastCloseAt, Date.now()))
    res.on('finish', ended)
    res.on('close', ended)
    const mode = state.mode
    if (mode.kind === 'drop') {
      req.socket.destroy()
      return
    }
    if (mode.kind === 'reset') {
      req.socket.resetAndDestroy()
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      state.operations.push(operationOf(req, body))
      if (mode.kind === 'blackhole') return // the socket stays open, unanswered, until close()
      if (mode.kind === 'deny') return answerError(req, res, 'denied', 400)
      if (mode.kind === 'throttle' && mode.times > 0) {
        mode.times--
        return answerError(req, res, 'throttled', 400)
      }
      if (mode.kind === 'status' && (mode.times === undefined || mode.times > 0)) {
        if (mode.times !== undefined) mode.times--
        return answerError(req, res, 'failing', mode.status)
      }
      forward(req, body, res, mode.kind === 'drip' ? mode.intervalMs : 0)
    })
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse, dripMs: number) => {
    const upstreamReq = request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        if (!dripMs) {
          res.writeHead(up.statusCode ?? 502, up.headers)
          up.pipe(res)
          return
        }
        const parts: Buffer[] = []
        up.on('data', (c: Buffer) => parts.push(c))
        up.on('end', () => {
          const whole = Buffer.concat(parts)
          const headers = { ...up.headers, 'content-length': String(whole.length) }
          delete headers['transfer-encoding']
          res.writeHead(up.statusCode ?? 502, headers)
          let i = 0
          const tick = () => {
            if (res.destroyed || i >= whole.length) return void res.end()
            res.write(whole.subarray(i, i + 1))
            i++
            const t = setTimeout(() => {
              timers.delete(t)
              tick()
            }, dripMs)
            timers.add(t)
          }
          tick()
        })
      },
    )
    upstreamReq.on('error', () => res.destroy())
    upstreamReq.end(body)
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  state.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t)
      for (const s of sockets) s.destroy()
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return state
}

type ErrorKind = 'denied' | 'throttled' | 'failing'

/** Answers as the service would, in the protocol the request was made in. */
function answerError(req: IncomingMessage, res: ServerResponse, kind: ErrorKind, status: number): void {
  const contentType = String(req.headers['content-type'] ?? '')
  const json = contentType.includes('x-amz-json')
  const query = contentType.includes('x-www-form-urlencoded')
  const type = {
    denied: json ? 'AccessDeniedException' : query ? 'AccessDenied' : 'ForbiddenException',
    throttled: json ? 'ThrottlingException' : query ? 'Throttling' : 'TooManyRequestsException',
    failing: status === 503 ? 'ServiceUnavailable' : 'InternalFailure',
  }[kind]
  const message = {
    denied: 'User is not authorized to perform: ssm:GetParametersByPath',
    throttled: 'Rate exceeded',
    failing: 'injected server fault',
  }[kind]
  const code =
    kind === 'throttled' && !json && !query ? 429 : kind === 'denied' && !json && !query ? 403 : status
  if (query) {
    const xml =
      `<ErrorResponse><Error><Type>${kind === 'failing' ? 'Receiver' : 'Sender'}</Type>` +
      `<Code>${type}</Code><Message>${message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`
    res.writeHead(code, { 'content-type': 'text/xml' })
    res.end(xml)
    return
  }
  const body = JSON.stringify(json ? { __type: type, message } : { message })
  res.writeHead(code, {
    'content-type': json ? 'application/x-amz-json-1.1' : 'application/json',
    'x-amzn-errortype': type,
  })
  res.end(body)
}

/** The AWS operation a request is for, for assertions on what was (not) called. */
function operationOf(req: IncomingMessage, body: Buffer): string {
  const target = req.headers['x-amz-target']
  if (typeof target === 'string') return target.split('.').at(-1) ?? target
  const action = /(?:^|&)Action=([^&]+)/.exec(body.toString('utf8'))?.[1]
  if (action) return action
  return `${req.method ?? 'GET'} ${(req.url ?? '/').split('?')[0]}`
}
