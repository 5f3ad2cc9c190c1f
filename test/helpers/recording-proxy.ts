import { createServer, request, type Server } from 'node:http'

/** One request the proxy forwarded: method, path and the body as text. */
export interface RecordedRequest {
  method: string
  path: string
  body: string
}

/** A loopback HTTP proxy in front of `target` that forwards everything and records it. */
export interface RecordingProxy {
  url: string
  requests: RecordedRequest[]
  close(): Promise<void>
}

/**
 * Starts the proxy on 127.0.0.1 port 0 (e.g. in front of moto's STS, to see what AssumeRole
 * carried: moto itself does not enforce session policies).
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const to = new URL(target)
  const requests: RecordedRequest[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      requests.push({ method: req.method ?? '', path: req.url ?? '', body: body.toString('utf8') })
      const upstream = request(
        {
          host: to.hostname,
          port: to.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        },
      )
      upstream.on('error', () => res.destroy())
      upstream.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
