import { spawn, execFileSync } from 'node:child_process'
import { createServer } from 'node:net'

export interface MotoServer {
  url: string
  pid: number
  close(): Promise<void>
}

/** Returns a free TCP port on 127.0.0.1 (bind to 0, read it, release it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/**
 * Starts `moto_server` on a free loopback port and waits (bounded) until it answers.
 * `command` replaces `moto_server` (e.g. a Python shim taking the same arguments), `env` is
 * added to its environment (e.g. INITIAL_NO_AUTH_ACTION_COUNT).
 */
export async function startMoto(
  options: { command?: string[]; env?: Record<string, string> } = {},
): Promise<MotoServer> {
  try {
    execFileSync('moto_server', ['--help'], { stdio: 'ignore' })
  } catch {
    throw new Error('moto_server is not installed. Install it with: pip install "moto[server]"')
  }
  const port = await freePort()
  const [program = 'moto_server', ...before] = options.command ?? []
  const child = spawn(program, [...before, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
    detached: true,
    env: { ...process.env, ...options.env },
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`)
    try {
      const res = await fetch(`${url}/moto-api/`)
      if (res.status < 500) break
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error('moto_server did not start within 30 s')
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  const pid = child.pid ?? 0
  return {
    url,
    pid,
    close: async () => {
      try {
        process.kill(-pid, 'SIGTERM')
      } catch {
        /* already gone */
      }
      await new Promise((r) => setTimeout(r, 100))
      try {
        process.kill(-pid, 'SIGKILL')
      } catch {
        /* already gone */
      }
    },
  }
}

/** Environment that points every AWS SDK (ours, botocore, the aws CLI) at moto. */
export function motoEnv(url: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: 'AKIAMOTOTESTKEY00001',
    AWS_SECRET_ACCESS_KEY: 'moto-test-secret-key-not-real-000000000',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  }
}
