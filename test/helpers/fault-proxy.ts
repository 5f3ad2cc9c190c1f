import { createServer, request, type Server } from 'node:http'

export type FaultMode =
  { kind: 'pass' } | { kind: 'throttle'; times: number } | { kind: 'deny' } | { kind: 'drop' }

/**
 * An HTTP proxy in front of moto that can answer like AWS does under throttling or access
 * denial (awsJson1_1 error bodies with `__type`), to test retries and cache behaviour.
 */
export interface FaultProxy {
  url: string
  mode: FaultMode
  requests: number
  close(): Promise<void>
}

/** Starts the proxy on 127.0.0.1 port 0 in front of `target`. */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const state: FaultProxy = { url: '', mode: { kind: 'pass' }, requests: 0, close: async () => {} }
  const upstream = new URL(target)
  const server: Server = createServer((req, res) => {
    state.requests++
    if (state.mode.kind === 'drop') {
      // As a dead network looks to the client: the connection is cut without an answer.
      req.socket.destroy()
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const mode = state.mode
      if (mode.kind === 'deny' || (mode.kind === 'throttle' && mode.times > 0)) {
        if (mode.kind === 'throttle') mode.times--
        const type = mode.kind === 'deny' ? 'AccessDeniedException' : 'ThrottlingException'
        const body = JSON.stringify({
          __type: type,
          message:
            mode.kind === 'deny'
              ? 'User is not authorized to perform: ssm:GetParametersByPath'
              : 'Rate exceeded',
        })
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type })
        res.end(body)
        return
      }
      const forward = request(
        {
          hostname: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers)
          up.pipe(res)
        },
      )
      forward.on('error', () => res.destroy())
      forward.end(Buffer.concat(chunks))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  state.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return state
}
