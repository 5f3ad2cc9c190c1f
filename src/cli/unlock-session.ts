import { fileURLToPath } from 'node:url'
import { lockAgent, unlockAgent, type UnlockCache } from '../core/keychain/index.js'

/** The agent process entry, next to this module in dist/. */
const AGENT_ENTRY = fileURLToPath(new URL('./unlock-agent-main.js', import.meta.url))

/** The session's unlock agent for this environment (undefined when SECRETS_UNLOCK_TTL=0). */
export function sessionUnlock(
  env: NodeJS.ProcessEnv,
  warn?: (message: string) => void,
): UnlockCache | undefined {
  return unlockAgent({ env, entry: AGENT_ENTRY, warn })
}

/** `secrets lock`: forgets every unlock of this user's session; the line to tell the human. */
export async function lockSession(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return (await lockAgent(env))
    ? 'Locked: the unlock agent forgot the file keychain key and cached credentials, and has exited.'
    : 'Nothing to lock: no unlock agent is running for this session.'
}
