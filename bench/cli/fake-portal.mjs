// A minimal IAM Identity Center portal on loopback for the AWS CLI peer: GetRoleCredentials
// (GET /federation/credentials) answers fresh placeholder credentials. Prints its port, then
// serves until killed (the bench script stops it by PID).
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'

const rnd = (n) => randomBytes(n).toString('base64url')
const server = createServer((req, res) => {
  if (!req.url?.startsWith('/federation/credentials')) {
    res.writeHead(404).end()
    return
  }
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(
    JSON.stringify({
      roleCredentials: {
        accessKeyId: `ASIA${rnd(12)}`,
        secretAccessKey: rnd(30),
        sessionToken: rnd(96),
        expiration: Date.now() + 3600_000,
      },
    }),
  )
})
server.listen(0, '127.0.0.1', () => console.log(server.address().port))
