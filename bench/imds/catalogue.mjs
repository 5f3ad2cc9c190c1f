// Catalogue coverage of the metadata emulator: requests every path of AEMM's catalogue
// (shared imds-paths.txt, or the copy in bench/imds/) with IMDSv2 and reports the share
// answered 200 with a body, overall and for the entries real clients read, per configuration.
// Starts its own moto_server (STS) and the emulator from dist/ in this process; bounded.
// Usage: npm run build && node bench/imds/catalogue.mjs [paths-file] [--json]
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startMoto } from './moto.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const asJson = args.includes('--json')
const pathsFile =
  args.find((a) => !a.startsWith('--')) ??
  (existsSync('/work/shared/imds-paths.txt') ? '/work/shared/imds-paths.txt' : join(here, 'imds-paths.txt'))

/** One entry a line: path, and the clients that read it. */
const entries = readFileSync(pathsFile, 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.startsWith('/'))
  .map((line) => {
    const [path, comment = ''] = line.split(/\s+#\s*/)
    const usedBy = /used-by:\s*(.*)/.exec(comment)?.[1]?.split(/,\s*/) ?? []
    return { path: path.trim(), usedBy }
  })

const moto = await startMoto()
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130))

const { MemoryKeychain } = await import('../../dist/core/keychain/index.js')
const { startEmulator } = await import('../../dist/core/imds/index.js')
const env = { ...moto.env, XDG_RUNTIME_DIR: mkdtempSync(join(tmpdir(), 'imds-catalogue-run-')) }
// The SDK's credential chain reads process.env itself.
for (const key of Object.keys(process.env)) if (/^AWS_/.test(key)) delete process.env[key]
Object.assign(process.env, env)
const dir = mkdtempSync(join(tmpdir(), 'imds-catalogue-'))
const userData = join(dir, 'user-data')
writeFileSync(userData, '#cloud-config\nhostname: dev\n')
const full = {
  userData,
  tags: { Name: 'dev-instance', Test: 'catalogue' },
  publicKeys: {
    'dev-key': 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGNhdGFsb2d1ZS1leGFtcGxlLWtleS1ub3QtcmVhbA dev@laptop',
  },
}
const allSimulations = ['spot-interruption', 'rebalance', 'maintenance-event', 'asg-terminate'].map(
  (kind) => ({
    kind,
    delayMs: 0,
  }),
)
const configurations = [
  { name: 'user data + tags + public key, simulations fired', config: full, simulations: allSimulations },
  { name: 'user data + tags + public key, no simulation', config: full, simulations: [] },
  { name: 'only --user-data, simulations fired', config: { userData }, simulations: allSimulations },
  { name: 'only --user-data, no simulation', config: { userData }, simulations: [] },
  { name: 'nothing configured (before this change: 23/95)', config: {}, simulations: [] },
]

function call(url, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false, timeout: 5_000 }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode, body }))
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end()
  })
}

const AEMM = {
  mac: '0e:49:61:0f:c3:11',
  role: 'baskinc-role',
  'public-ipv4': '192.0.2.54',
  'eia-id': 'eia-bfa21c7904f64a82a21b9f4540169ce1',
}
const keychain = new MemoryKeychain()
const results = []
for (const configuration of configurations) {
  const emulator = await startEmulator(
    { imdsPort: 0, instanceConfig: configuration.config, simulations: configuration.simulations },
    { env, keychain: () => keychain },
  )
  const base = emulator.imds.url.replace(/\/$/, '')
  const token = (
    await call(`${base}/latest/api/token`, {
      method: 'PUT',
      headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' },
    })
  ).body
  const get = (path) => call(`${base}${path}`, { headers: { 'x-aws-ec2-metadata-token': token } })
  const first = async (path) => {
    const res = await get(path)
    return res.status === 200 ? res.body.split('\n')[0].replace(/\/$/, '') : undefined
  }
  const values = {
    mac: (await first('/latest/meta-data/mac')) ?? AEMM.mac,
    role: (await first('/latest/meta-data/iam/security-credentials/')) ?? AEMM.role,
    'public-ipv4': (await first('/latest/meta-data/public-ipv4')) ?? AEMM['public-ipv4'],
    'eia-id': (await first('/latest/meta-data/elastic-inference/associations')) ?? AEMM['eia-id'],
  }
  const missed = []
  let answered = 0
  let used = 0
  let usedAnswered = 0
  for (const { path, usedBy } of entries) {
    const concrete = path.replace(/\{([a-z0-9-]+)\}/g, (_, name) => values[name])
    const res =
      concrete === '/latest/api/token'
        ? await call(`${base}${concrete}`, {
            method: 'PUT',
            headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' },
          })
        : await get(concrete)
    const ok = res.status === 200 && res.body.length > 0
    if (ok) answered++
    else missed.push(`${path} (${res.status})`)
    if (usedBy.length > 0) {
      used++
      if (ok) usedAnswered++
    }
  }
  await emulator.close()
  results.push({
    configuration: configuration.name,
    answered,
    total: entries.length,
    percent: Math.round((answered / entries.length) * 1000) / 10,
    clientEntries: `${usedAnswered}/${used}`,
    missed,
  })
}
rmSync(dir, { recursive: true, force: true })
rmSync(env.XDG_RUNTIME_DIR, { recursive: true, force: true })
if (asJson) console.log(JSON.stringify(results, null, 2))
else
  for (const r of results) {
    console.log(
      `${r.configuration}: ${r.answered}/${r.total} (${r.percent} %), entries real clients read ${r.clientEntries}`,
    )
    for (const m of r.missed) console.log(`  not answered: ${m}`)
  }
moto.stop()
process.exit(0)
