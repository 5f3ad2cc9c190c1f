import { toRemoteError } from '../../shared/aws-errors.js'
import { errorName } from '../../shared/errors.js'
import { listRoleChoices, roleChoiceNeeded, configuredRole } from './role-choice.js'
import { loadRoleCache, saveRoleCache } from './session-store.js'
import type { SsoDeps } from './sso-deps.js'
import { loadSsoProfile, type SsoOverrides, type SsoProfile } from './sso-profile.js'
import { credentialsFresh, type RoleCredentials } from './sso-session.js'

export interface CredentialsInput extends SsoOverrides {
  profile?: string
}

// The access-token refresh (OIDC client) and the role picker are loaded only when the cached
// role credentials will not do: `secrets credentials` with fresh ones (every AWS CLI call)
// reads the cache and prints (issue #12).
const accessToken = () => import('./access-token.js')

export interface RoleSelection {
  accountId: string
  roleName: string
}

export interface SessionCredentials {
  role: RoleSelection
  credentials: RoleCredentials
  /** When the SSO access token expires (ISO). */
  sessionExpiresAt: string | undefined
  /** True when the credentials came from the keychain cache. */
  cached: boolean
}

/**
 * Decides the role of a profile: its sso_account_id/sso_role_name, else the flags, else the
 * choice remembered from an earlier `login`, else the interactive picker; with no terminal,
 * a UsageError (exit 2) that lists the choices.
 */
export async function chooseRole(
  sso: SsoProfile,
  flags: { accountId?: string; roleName?: string },
  deps: SsoDeps,
  command: string,
): Promise<RoleSelection> {
  const fixed = configuredRole(sso, flags)
  if (fixed) return fixed
  const remembered = await loadRoleCache(deps.keychain(), sso.profile)
  if (remembered && remembered.sessionName === sso.sessionName)
    return { accountId: remembered.accountId, roleName: remembered.roleName }
  const { accessToken: token } = await (await accessToken()).usableAccessToken(sso, deps)
  const choices = await listRoleChoices(deps.portal(sso.ssoRegion), token, deps.sleep)
  const prompt = deps.human.prompt
  if (!prompt || choices.length === 0) throw roleChoiceNeeded(sso.profile, choices, command)
  const picked = await (await import('./role-picker.js')).pickRole(prompt, choices)
  return { accountId: picked.accountId, roleName: picked.roleName }
}

/**
 * Returns role credentials for a profile: the keychain cache while more than 15 minutes
 * remain, else GetRoleCredentials with the (silently refreshed) access token, cached again.
 */
export async function sessionCredentials(
  sso: SsoProfile,
  role: RoleSelection,
  deps: SsoDeps,
  options: { forceFetch?: boolean } = {},
): Promise<SessionCredentials> {
  const keychain = deps.keychain()
  const cache = await loadRoleCache(keychain, sso.profile)
  const sameRole =
    cache?.sessionName === sso.sessionName &&
    cache.accountId === role.accountId &&
    cache.roleName === role.roleName
  if (
    !options.forceFetch &&
    sameRole &&
    cache?.credentials &&
    credentialsFresh(cache.credentials.expiration, deps.now())
  )
    return { role, credentials: cache.credentials, sessionExpiresAt: undefined, cached: true }
  const { usableAccessToken, signInNeeded } = await accessToken()
  const { accessToken: token, session } = await usableAccessToken(sso, deps)
  let credentials: RoleCredentials
  try {
    credentials = await deps.portal(sso.ssoRegion).getRoleCredentials({ accessToken: token, ...role })
  } catch (error) {
    if (errorName(error) === 'UnauthorizedException')
      throw signInNeeded(sso, `The SSO session ${sso.sessionName} was revoked or has expired.`)
    throw toRemoteError(
      error,
      `getting credentials for role ${role.roleName} in account ${role.accountId}`,
      `run \`${sso.loginCommand}\``,
    )
  }
  await saveRoleCache(keychain, sso.profile, {
    version: 1,
    sessionName: sso.sessionName,
    ...role,
    credentials,
  })
  return { role, credentials, sessionExpiresAt: session.tokens?.expiresAt, cached: false }
}

/** Role credentials for a profile, for `secrets credentials` (credential_process). */
export async function profileCredentials(
  input: CredentialsInput,
  deps: SsoDeps,
): Promise<SessionCredentials> {
  const sso = await loadSsoProfile(input, deps.env)
  const role = await chooseRole(sso, input, deps, `secrets credentials --profile ${sso.profile}`)
  return sessionCredentials(sso, role, deps)
}
