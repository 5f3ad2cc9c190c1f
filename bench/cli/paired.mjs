// Interleaved timing of start-up-sized commands: each round runs `node -e 0` and then every
// command once, in turn, so slow drift of a shared VM (minutes-long swings of 30-50 ms were
// seen here) lands on the baseline and the commands alike; hyperfine runs all of one command,
// then all of the next. Prints one markdown row per command: median and p10 wall time, the
// baseline's, and the overhead (median of the per-round differences, and p10 against p10).
// CPU time (user+sys of the child, from /proc/self/stat's cutime/cstime) is averaged per run.
// Usage: node bench/cli/paired.mjs ROUNDS 'name=[VAR=value ...] command args' ... (split on spaces)
// A command run by a Node binary given by path (`/…/node-24/bin/node bin/run.js …`) is paired
// with that binary's own `-e 0`, which joins the rounds (several Node lines in one run).
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

const [roundsArg, ...specs] = process.argv.slice(2)
const rounds = Number(roundsArg)
if (!Number.isInteger(rounds) || rounds < 1 || specs.length === 0) {
  console.error("usage: node bench/cli/paired.mjs ROUNDS 'name=command args' ...")
  process.exit(2)
}
const parsed = specs.map((spec) => {
  const at = spec.indexOf('=')
  const words = spec.slice(at + 1).split(' ')
  // Leading VAR=value words set the child's environment (no `env` process in the timing).
  const env = { ...process.env }
  while (/^[A-Z_][A-Z0-9_]*=/.test(words[0] ?? '')) {
    const [name, ...value] = words.shift().split('=')
    env[name] = value.join('=')
  }
  return { name: spec.slice(0, at), argv: words, env }
})
// One `-e 0` per Node binary the commands name by path; `node` (PATH) for the others.
const nodeOf = (argv) => (/(^|\/)node$/.test(argv[0]) ? argv[0] : 'node')
const baselines = [...new Set(parsed.map((c) => nodeOf(c.argv)))].map((bin) => ({
  argv: [bin, '-e', '0'],
  env: process.env,
}))
const commands = baselines.concat(parsed)
const TICK_MS = 10 // USER_HZ = 100 on Linux
const childCpuMs = () => {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS // cutime + cstime
}
const run = ({ argv, env }) => {
  const cpu0 = childCpuMs()
  const t0 = process.hrtime.bigint()
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'ignore'], env })
  const wall = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}`)
  return { wall, cpu: childCpuMs() - cpu0 }
}
for (let w = 0; w < 3; w++) for (const c of commands) run(c) // warm-up: page cache, agent
const samples = commands.map(() => ({ wall: [], cpu: 0 }))
for (let round = 0; round < rounds; round++) {
  commands.forEach((c, i) => {
    const { wall, cpu } = run(c)
    samples[i].wall.push(wall)
    samples[i].cpu += cpu
  })
}
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(q * (sorted.length - 1))]
}
const f = (x) => x.toFixed(0)
console.log(
  '| command | median [ms] | p10 [ms] | `node -e 0` median / p10 [ms] | overhead, median of paired differences [ms] | overhead p10 − p10 [ms] | CPU mean [ms] | `node -e 0` CPU [ms] |',
)
console.log('|:---|---:|---:|---:|---:|---:|---:|---:|')
parsed.forEach((c, k) => {
  const s = samples[baselines.length + k]
  const base = samples[baselines.findIndex((b) => b.argv[0] === nodeOf(c.argv))]
  const diffs = s.wall.map((w, i) => w - base.wall[i])
  console.log(
    `| \`${c.name}\` | ${f(quantile(s.wall, 0.5))} | ${f(quantile(s.wall, 0.1))} | ${f(quantile(base.wall, 0.5))} / ${f(quantile(base.wall, 0.1))} | **+${f(quantile(diffs, 0.5))}** | +${f(quantile(s.wall, 0.1) - quantile(base.wall, 0.1))} | ${f(s.cpu / rounds)} | ${f(base.cpu / rounds)} |`,
  )
})
