// Bounded keep-alive load from its own process: C connections (http.Agent keepAlive,
// maxSockets C), each sending requests back to back for D seconds after a warm-up.
// Prints one JSON line: requests, req/s, p50/p99/max latency in ms, non-200 count.
import { Agent, request } from 'node:http'

const [url, headersJson, connectionsArg, secondsArg, warmupArg] = process.argv.slice(2)
const headers = JSON.parse(headersJson ?? '{}')
const connections = Number(connectionsArg ?? 8)
const seconds = Number(secondsArg ?? 5)
const warmup = Number(warmupArg ?? 1)
const agent = new Agent({ keepAlive: true, maxSockets: connections })

function once() {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const req = request(url, { agent, headers }, (res) => {
      res.on('data', () => {})
      res.on('end', () => resolve({ status: res.statusCode, ns: process.hrtime.bigint() - started }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function phase(durationMs, record) {
  const latencies = []
  let errors = 0
  const end = Date.now() + durationMs
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const { status, ns } = await once()
        if (status !== 200) errors++
        if (record) latencies.push(Number(ns) / 1e6)
      }
    }),
  )
  return { latencies, errors }
}

await phase(warmup * 1000, false)
const t0 = process.hrtime.bigint()
const { latencies, errors } = await phase(seconds * 1000, true)
const elapsed = Number(process.hrtime.bigint() - t0) / 1e9
latencies.sort((a, b) => a - b)
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]
console.log(
  JSON.stringify({
    requests: latencies.length,
    rps: Math.round(latencies.length / elapsed),
    p50: Number(pct(50).toFixed(3)),
    p99: Number(pct(99).toFixed(3)),
    max: Number(latencies.at(-1).toFixed(3)),
    errors,
  }),
)
agent.destroy()
