// moto_server for the metadata-emulator benchmarks: started on a free loopback port in its
// own process group (stopped by PID, at the latest when this process exits), waited for (bounded: 30 s), and the environment that
// points the AWS SDK at it with placeholder credentials.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })

/** Starts moto_server; resolves to its URL, an SDK environment for it, and `stop()`. */
export async function startMoto() {
  const port = await freePort()
  const moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
    detached: true,
  })
  const url = `http://127.0.0.1:${port}`
  const stop = () => {
    try {
      process.kill(-moto.pid, 'SIGTERM')
    } catch {
      /* gone */
    }
  }
  process.once('exit', stop)
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/moto-api/`)).status < 500) break
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: 'AKIAMOTOTESTKEY00001',
    AWS_SECRET_ACCESS_KEY: 'moto-test-secret-key-not-real-000000000',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  }
  return { url, env, stop }
}
