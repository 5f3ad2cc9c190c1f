/**
 * The unlock agent's process (started detached by the first command that unlocks; see
 * src/core/keychain/unlock-agent.ts). Reads its first entries from stdin, serves until
 * `secrets lock`, idleness or the loss of its socket, then exits. It writes nothing anywhere.
 */
import { startAgentServer, type AgentEntry } from '../core/keychain/index.js'

async function readInitial(): Promise<AgentEntry[]> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
    return Array.isArray(parsed) ? (parsed as AgentEntry[]) : []
  } catch {
    return []
  }
}

const dir = process.env.SECRETS_AGENT_DIR
const ttlMs = Number(process.env.SECRETS_UNLOCK_TTL_MS)
if (!dir || !(ttlMs > 0)) process.exit(2)
// Named so `ps` says what it is.
process.title = 'secrets-unlock-agent'
const server = await startAgentServer({ dir, ttlMs, initial: await readInitial() })
await server.stopped
process.exit(0)
