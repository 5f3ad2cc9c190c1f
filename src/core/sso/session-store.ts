import { nodeCrypto } from '../../shared/lazy-modules.js'
import { join } from 'node:path'
import { cacheDir } from '../../shared/config-dir.js'
import { AuthError } from '../../shared/errors.js'
import { withLock } from '../../shared/file-lock.js'
import { KeychainItem, type Keychain } from '../keychain/index.js'
import { parseRoleCache, parseSession, type RoleCache, type SsoSession } from './sso-session.js'

/** Reads the session item of an sso-session (undefined when signed out). */
export async function loadSession(keychain: Keychain, sessionName: string): Promise<SsoSession | undefined> {
  return parseSession(await keychain.get(KeychainItem.ssoSession(sessionName)))
}

/** Writes the session item: registration and tokens together, one keychain item. */
export async function saveSession(keychain: Keychain, session: SsoSession): Promise<void> {
  await keychain.set(KeychainItem.ssoSession(session.sessionName), JSON.stringify(session))
}

/** Reads the role cache of a profile. */
export async function loadRoleCache(keychain: Keychain, profile: string): Promise<RoleCache | undefined> {
  return parseRoleCache(await keychain.get(KeychainItem.roleCredentials(profile)))
}

/** Writes the role cache of a profile (chosen role and its latest credentials). */
export async function saveRoleCache(keychain: Keychain, profile: string, cache: RoleCache): Promise<void> {
  await keychain.set(KeychainItem.roleCredentials(profile), JSON.stringify(cache))
}

/**
 * The lock file of an sso-session under the cache dir. The name is a hash so that start
 * URLs (used as session names for legacy profiles) make safe file names; it holds a PID only.
 */
export function sessionLockPath(env: NodeJS.ProcessEnv, sessionName: string): string {
  const id = nodeCrypto().createHash('sha256').update(sessionName).digest('hex').slice(0, 32)
  return join(cacheDir(env), 'locks', `sso-session-${id}.lock`)
}

/** Runs `fn` holding the cross-process lock of an sso-session; a timeout is an AuthError. */
export async function withSessionLock<T>(
  env: NodeJS.ProcessEnv,
  sessionName: string,
  loginCommand: string,
  timeoutMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await withLock(sessionLockPath(env, sessionName), fn, { timeoutMs, pollMs: 25 })
  } catch (error) {
    if (error instanceof Error && /timed out .* waiting for lock/.test(error.message))
      throw new AuthError(`Another secrets process is still signing in to ${sessionName}.`, {
        hint: `wait for it to finish, or run \`${loginCommand}\``,
        code: 'SessionBusy',
        cause: error,
      })
    throw error
  }
}
