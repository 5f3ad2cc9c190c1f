import { readAwsConfig } from '../../shared/aws-config-file.js'
import { errorName } from '../../shared/errors.js'
import { KeychainItem } from '../keychain/index.js'
import { loadSsoProfile } from './sso-profile.js'
import { loadSession, withSessionLock } from './session-store.js'
import type { SsoDeps } from './sso-deps.js'
import type { SsoOverrides } from './sso-profile.js'
import { parseRoleCache } from './sso-session.js'

export interface LogoutInput extends SsoOverrides {
  profile?: string
  all?: boolean
}

export interface LogoutResult {
  /** Sessions whose keychain item was deleted. */
  sessions: string[]
  /** Of those, the ones the portal confirmed revoking (others were already invalid or unreachable). */
  revoked: string[]
  /** Profiles whose cached role credentials were deleted. */
  roleCaches: string[]
  /** Other profiles of the AWS config that share the ended sso-session (signed out too). */
  alsoEnded: string[]
}

const SESSION_PREFIX = KeychainItem.ssoSession('')
const ROLE_PREFIX = KeychainItem.roleCredentials('')

/**
 * Ends SSO sessions: portal Logout (revokes the token server-side), then deletes the session
 * item and every role-credentials item derived from it. `all` ends every stored session.
 * The keychain items are deleted even when the portal cannot be reached.
 */
export async function logout(input: LogoutInput, deps: SsoDeps): Promise<LogoutResult> {
  const keychain = deps.keychain()
  const profile = input.all ? undefined : await loadSsoProfile(input, deps.env)
  const names = profile
    ? [profile.sessionName]
    : (await keychain.list())
        .filter((n) => n.startsWith(SESSION_PREFIX))
        .map((n) => n.slice(SESSION_PREFIX.length))
  const result: LogoutResult = { sessions: [], revoked: [], roleCaches: [], alsoEnded: [] }
  if (profile) result.alsoEnded = await profilesOfSession(deps.env, profile.sessionName, input.profile)
  for (const name of names) {
    await withSessionLock(deps.env, name, 'secrets logout', 60_000, async () => {
      const session = await loadSession(keychain, name)
      if (session?.tokens) {
        try {
          await deps.portal(session.ssoRegion).logout({ accessToken: session.tokens.accessToken })
          result.revoked.push(name)
        } catch (error) {
          // An already-expired token cannot be revoked and needs no revoking.
          if (errorName(error) !== 'UnauthorizedException')
            deps.human.notice(`Could not reach the portal to revoke ${name}; deleting it locally.\n`)
        }
      }
      if (await keychain.delete(KeychainItem.ssoSession(name))) result.sessions.push(name)
    })
  }
  const ended = new Set(names)
  for (const item of (await keychain.list()).filter((n) => n.startsWith(ROLE_PREFIX))) {
    const cache = parseRoleCache(await keychain.get(item))
    if (input.all || !cache || ended.has(cache.sessionName)) {
      await keychain.delete(item)
      result.roleCaches.push(item.slice(ROLE_PREFIX.length))
    }
  }
  return result
}

/** The profiles of the AWS config that use sso-session `name`, but `except`: one sign-out ends them all. */
async function profilesOfSession(
  env: NodeJS.ProcessEnv,
  name: string,
  except: string | undefined,
): Promise<string[]> {
  const config = await readAwsConfig(env)
  return Object.entries(config.profiles)
    .filter(([profile, settings]) => profile !== except && settings.sso_session === name)
    .map(([profile]) => profile)
    .sort()
}
