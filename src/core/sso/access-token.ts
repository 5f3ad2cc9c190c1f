import { toRemoteError } from '../../shared/aws-errors.js'
import { AuthError } from '../../shared/errors.js'
import { oidcErrorKind } from './oidc-client.js'
import { loadSession, saveSession, withSessionLock } from './session-store.js'
import type { SsoDeps } from './sso-deps.js'
import type { SsoProfile } from './sso-profile.js'
import { tokenState, type SsoSession } from './sso-session.js'

/** How long a process waits for another one refreshing the same session. */
const REFRESH_LOCK_TIMEOUT_MS = 60_000

/** The AuthError every "sign in again" path raises, with the exact command. */
export function signInNeeded(sso: SsoProfile, why: string): AuthError {
  return new AuthError(why, { hint: `run \`${sso.loginCommand}\``, code: 'SignInNeeded' })
}

/**
 * Returns a usable access token for the profile's sso-session. Tokens within 15 minutes of
 * expiry are refreshed silently with the refresh token, under the session's cross-process
 * lock; after taking the lock the session is read again, so of N processes needing a
 * refresh exactly one calls CreateToken and the others reuse its result.
 */
export async function usableAccessToken(
  sso: SsoProfile,
  deps: SsoDeps,
): Promise<{ accessToken: string; session: SsoSession }> {
  const keychain = deps.keychain()
  const first = forProfile(sso, await loadSession(keychain, sso.sessionName))
  const state = tokenState(first, deps.now())
  if (first?.tokens && state === 'valid') return { accessToken: first.tokens.accessToken, session: first }
  if (state === 'login') throw signInNeeded(sso, notSignedInMessage(sso, first))
  return withSessionLock(deps.env, sso.sessionName, sso.loginCommand, REFRESH_LOCK_TIMEOUT_MS, async () => {
    const session = forProfile(sso, await loadSession(keychain, sso.sessionName))
    const again = tokenState(session, deps.now())
    if (session?.tokens && again === 'valid') return { accessToken: session.tokens.accessToken, session }
    if (again === 'login' || !session?.tokens?.refreshToken || !session.registration)
      throw signInNeeded(sso, notSignedInMessage(sso, session))
    const refreshed = await refreshTokens(sso, session, deps)
    await saveSession(keychain, refreshed)
    return { accessToken: refreshed.tokens?.accessToken ?? '', session: refreshed }
  })
}

async function refreshTokens(sso: SsoProfile, session: SsoSession, deps: SsoDeps): Promise<SsoSession> {
  const { registration, tokens } = session
  if (!registration || !tokens?.refreshToken) throw signInNeeded(sso, notSignedInMessage(sso, session))
  try {
    const out = await deps.oidc(session.ssoRegion).createToken({
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      grantType: 'refresh_token',
      refreshToken: tokens.refreshToken,
    })
    return {
      ...session,
      tokens: {
        accessToken: out.accessToken,
        expiresAt: new Date(deps.now().getTime() + out.expiresIn * 1000).toISOString(),
        // The service may rotate the refresh token; keep the old one when it does not.
        refreshToken: out.refreshToken ?? tokens.refreshToken,
      },
    }
  } catch (error) {
    const stillValid = Date.parse(tokens.expiresAt) > deps.now().getTime()
    const kind = oidcErrorKind(error)
    if (kind !== 'other' || errorNameIs(error, 'UnauthorizedClientException')) {
      if (stillValid) return session // use the remaining minutes; the next command retries
      throw signInNeeded(sso, `The SSO session ${sso.sessionName} has expired and could not be refreshed.`)
    }
    if (stillValid) return session
    throw toRemoteError(error, `refreshing the SSO session ${sso.sessionName}`, `run \`${sso.loginCommand}\``)
  }
}

/** A stored session signed in to another start URL or region (the config changed) does not count. */
function forProfile(sso: SsoProfile, session: SsoSession | undefined): SsoSession | undefined {
  return session && session.startUrl === sso.startUrl && session.ssoRegion === sso.ssoRegion
    ? session
    : undefined
}

function errorNameIs(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name
}

function notSignedInMessage(sso: SsoProfile, session: SsoSession | undefined): string {
  return session?.tokens
    ? `The SSO session ${sso.sessionName} has expired.`
    : `Not signed in to the SSO session ${sso.sessionName}.`
}
