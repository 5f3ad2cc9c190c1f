// The servers under test, in one process: the metadata emulator (built dist/, IMDS + ECS,
// credentials minted from moto) and a bare Node http server per path answering a body of
// the same size. Prints one JSON line with the targets, then serves until SIGTERM/SIGINT.
import { createServer } from 'node:http'
import { request } from 'node:http'
import { MemoryKeychain } from '../../dist/core/keychain/index.js'
import { startEmulator } from '../../dist/core/imds/index.js'

const keychain = new MemoryKeychain()
const emulator = await startEmulator(
  { imdsPort: 0, ecsPort: 0 },
  { env: process.env, keychain: () => keychain },
)

function call(url, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

const imdsUrl = emulator.imds.url
const token = (
  await call(`${imdsUrl}latest/api/token`, {
    method: 'PUT',
    headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' },
  })
).body
const role = (
  await call(`${imdsUrl}latest/meta-data/iam/security-credentials/`, {
    headers: { 'x-aws-ec2-metadata-token': token },
  })
).body
const imdsPath = `/latest/meta-data/iam/security-credentials/${role}`
const imdsHeaders = { 'x-aws-ec2-metadata-token': token }
const ecsHeaders = { authorization: emulator.ecs.token }
const imdsSample = await call(`${imdsUrl}${imdsPath.slice(1)}`, { headers: imdsHeaders })
const ecsSample = await call(emulator.ecs.url, { headers: ecsHeaders })
if (imdsSample.status !== 200 || ecsSample.status !== 200) throw new Error('emulator did not answer 200')

/** A bare server answering a body of the same length and content type, nothing else. */
async function bare(length) {
  const body = Buffer.alloc(length, 'x')
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length })
    res.end(body)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${server.address().port}` }
}
const bareImds = await bare(Buffer.byteLength(imdsSample.body))
const bareEcs = await bare(Buffer.byteLength(ecsSample.body))

console.log(
  JSON.stringify({
    targets: {
      'imds-credentials': {
        url: `${imdsUrl}${imdsPath.slice(1)}`,
        headers: imdsHeaders,
        bytes: Buffer.byteLength(imdsSample.body),
      },
      'bare-imds-size': {
        url: `${bareImds.url}${imdsPath}`,
        headers: imdsHeaders,
        bytes: Buffer.byteLength(imdsSample.body),
      },
      'ecs-credentials': {
        url: emulator.ecs.url,
        headers: ecsHeaders,
        bytes: Buffer.byteLength(ecsSample.body),
      },
      'bare-ecs-size': {
        url: `${bareEcs.url}/credentials`,
        headers: ecsHeaders,
        bytes: Buffer.byteLength(ecsSample.body),
      },
    },
  }),
)

const stop = async () => {
  await emulator.close()
  for (const b of [bareImds, bareEcs]) {
    b.server.closeAllConnections()
    b.server.close()
  }
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
