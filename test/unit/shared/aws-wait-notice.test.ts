import { createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lazyAwsClient } from '../../../src/shared/aws-client.js'
import type { HumanOutput } from '../../../src/shared/human-output.js'

/**
 * Issue 23.10: a wait on the network said nothing until it gave up. After a second the call
 * says what it awaits and its bound (a progress line, cleared when the call ends). Before:
 * no line at all. A silent endpoint (accepts, never answers) on 127.0.0.1 stands in for a
 * VPN black hole.
 */
let server: Server
let url = ''
const sockets: Socket[] = []
beforeAll(async () => {
  server = createServer((socket) => void sockets.push(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(async () => {
  for (const s of sockets) s.destroy()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

function recording(): HumanOutput & { lines: string[]; ended: number } {
  const out = {
    lines: [] as string[],
    ended: 0,
    warn: () => {},
    notice: () => {},
    progress: (line: string) => void out.lines.push(line),
    endProgress: () => void out.ended++,
    prompt: undefined,
  }
  return out
}

describe('a waiting AWS call says what it awaits and its bound', () => {
  it('after about a second, then clears the line when the call ends', async () => {
    const human = recording()
    const get = lazyAwsClient(
      'ssm',
      { region: 'us-east-1', credentials: { accessKeyId: 'AKIAWAITTEST0000000', secretAccessKey: 'x' } },
      { maxAttempts: 1, boundMs: 2500, env: { AWS_ENDPOINT_URL: url }, waitNotice: human },
    )
    const { sdk, client } = await get()
    const started = Date.now()
    await expect(client.send(new sdk.GetParameterCommand({ Name: '/wait/x' }))).rejects.toThrow()
    get.destroy()
    expect(Date.now() - started).toBeLessThan(6000)
    expect(human.lines).toHaveLength(1)
    expect(human.lines[0]).toMatch(
      new RegExp(
        `^waiting for SSM at ${url.replaceAll('.', '\\.')} \\(gives up in \\ds; SECRETS_AWS_TIMEOUT sets it\\)$`,
      ),
    )
    expect(human.ended).toBe(1)
  })
})
