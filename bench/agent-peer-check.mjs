// Cost of the unlock agent's peer check (issue #19 item 1): 200 `get` requests to a real agent,
// with no run registered and with a live registered run. Usage: node bench/agent-peer-check.mjs "$PWD/dist"
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { spawn } from 'node:child_process'
const dist = process.argv[2]
const { agentRequest } = await import(`${dist}/core/keychain/unlock-agent.js`)
const { registerRun } = await import(`${dist}/core/keychain/agent-peer.js`)
const dir = mkdtempSync(join(tmpdir(), 'peer-bench-'))
const agent = spawn(
  process.execPath,
  [
    '-e',
    `
  const { startAgentServer } = await import('${dist}/core/keychain/index.js');
  await startAgentServer({ dir: '${dir}', ttlMs: 60000, initial: [{ key: 'k', value: 'v' }] });
`,
  ],
  { stdio: 'inherit', detached: false },
)
await new Promise((r) => setTimeout(r, 800))
const socket = join(dir, 'agent.sock')
async function time(label, n = 200) {
  for (let i = 0; i < 10; i++) await agentRequest(socket, { op: 'get', key: 'k' })
  const t = process.hrtime.bigint()
  for (let i = 0; i < n; i++) await agentRequest(socket, { op: 'get', key: 'k' })
  const ms = Number(process.hrtime.bigint() - t) / 1e6 / n
  console.log(label, ms.toFixed(2), 'ms per request')
}
await time('no run registered:')
const sleeper = spawn('sleep', ['60'])
await new Promise((r) => setTimeout(r, 100))
registerRun(dir, sleeper.pid)
await time('a live run registered (peer inode by ss -xn, descendants by /proc):')
sleeper.kill()
agent.kill()
