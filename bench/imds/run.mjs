// Credentials-path benchmark of the metadata emulator against a bare Node http server
// answering the same size, in the same run: starts moto_server, the servers process, then
// one load process per target, interleaved over ROUNDS rounds. Bounded: every phase is timed.
// Usage: npm run build && node bench/imds/run.mjs [connections=8] [seconds=5] [rounds=3]
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startMoto } from './moto.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const [connections = '8', seconds = '5', rounds = '3'] = process.argv.slice(2)

const moto = await startMoto()
const env = moto.env
const servers = spawn('node', [join(here, 'servers.mjs')], { env, stdio: ['ignore', 'pipe', 'inherit'] })
const line = await new Promise((resolve, reject) => {
  let out = ''
  const timer = setTimeout(() => reject(new Error('servers did not start in 30 s')), 30_000)
  servers.stdout.on('data', (c) => {
    out += c
    if (out.includes('\n')) {
      clearTimeout(timer)
      resolve(out.split('\n')[0])
    }
  })
})
const { targets } = JSON.parse(line)

/** CPU time (user + system, ms) used so far by the servers process, from /proc (Linux). */
function serverCpuMs() {
  const fields = readFileSync(`/proc/${servers.pid}/stat`, 'utf8').split(') ')[1].split(' ')
  // Fields 14 and 15 of stat (utime, stime) are at 11 and 12 after the command name.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
}

// Interrupted: stop the servers and moto before going (they are ours, by PID).
const stopChildren = () => {
  servers.kill('SIGTERM')
  moto.stop()
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    stopChildren()
    process.exit(130)
  })
}

const results = {}
const pairs = [
  ['imds-credentials', 'bare-imds-size'],
  ['ecs-credentials', 'bare-ecs-size'],
]
const roundRatios = { imds: [], ecs: [] }
try {
  for (let round = 1; round <= Number(rounds); round++) {
    for (const [ours, bare] of pairs) {
      // Alternate who goes first, so drift in the machine's load does not favour one side.
      const order = round % 2 ? [ours, bare] : [bare, ours]
      const got = {}
      for (const name of order) {
        const target = targets[name]
        const cpuBefore = serverCpuMs()
        const out = execFileSync(
          'node',
          [join(here, 'load.mjs'), target.url, JSON.stringify(target.headers), connections, seconds, '1'],
          { encoding: 'utf8', timeout: (Number(seconds) + 30) * 1000 },
        )
        const r = JSON.parse(out)
        // Server CPU per request (includes the 1 s warm-up's requests, estimated at the same rate):
        // unlike req/s it hardly moves when other processes compete for the two cores.
        const cpuMs = serverCpuMs() - cpuBefore
        r.serverCpuUsPerRequest = Number(
          ((cpuMs * 1000) / (r.requests * ((Number(seconds) + 1) / Number(seconds)))).toFixed(1),
        )
        got[name] = r
        ;(results[name] ??= []).push(r)
        console.error(
          `round ${round} ${name.padEnd(16)} ${String(r.rps).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  server CPU ${r.serverCpuUsPerRequest} µs/req  errors ${r.errors}`,
        )
      }
      roundRatios[ours.split('-')[0]].push(got[ours].rps / got[bare].rps)
    }
  }
} finally {
  stopChildren()
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const summary = Object.fromEntries(
  Object.entries(results).map(([name, rs]) => [
    name,
    {
      rps: median(rs.map((r) => r.rps)),
      serverCpuUsPerRequest: median(rs.map((r) => r.serverCpuUsPerRequest)),
      p99: median(rs.map((r) => r.p99)),
      errors: rs.reduce((n, r) => n + r.errors, 0),
      bytes: targets[name].bytes,
    },
  ]),
)
const ratio = (a, b) => Number((summary[a].rps / summary[b].rps).toFixed(2))
const medianRatio = (xs) => Number(median(xs).toFixed(2))
console.log(
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
      connections: Number(connections),
      seconds: Number(seconds),
      rounds: Number(rounds),
      summary,
      ratiosOfMedians: {
        imds: ratio('imds-credentials', 'bare-imds-size'),
        ecs: ratio('ecs-credentials', 'bare-ecs-size'),
      },
      serverCpuPerRequestRatio: {
        imds: Number(
          (
            summary['imds-credentials'].serverCpuUsPerRequest /
            summary['bare-imds-size'].serverCpuUsPerRequest
          ).toFixed(2),
        ),
        ecs: Number(
          (
            summary['ecs-credentials'].serverCpuUsPerRequest / summary['bare-ecs-size'].serverCpuUsPerRequest
          ).toFixed(2),
        ),
      },
      medianOfRoundRatios: { imds: medianRatio(roundRatios.imds), ecs: medianRatio(roundRatios.ecs) },
      loadAverage: loadavg().map((x) => Number(x.toFixed(2))),
    },
    null,
    2,
  ),
)
