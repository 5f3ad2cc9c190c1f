import { toRemoteError } from '../../shared/aws-errors.js'
import { runDeviceFlow } from './device-flow.js'
import type { LoginFlow } from './login-flow.js'
import { BrowserNotStarted, LOOPBACK_REDIRECT_URI, runPkceFlow } from './pkce-flow.js'
import { isInvalidClient } from './oidc-client.js'
import { chooseRole, sessionCredentials } from './role-credentials.js'
import { configuredRole } from './role-choice.js'
import { loadRoleCache, loadSession, saveSession, withSessionLock } from './session-store.js'
import { UsageError } from '../../shared/errors.js'
import type { SsoDeps } from './sso-deps.js'
import { loadSsoProfile, type SsoOverrides, type SsoProfile } from './sso-profile.js'
import {
  DEVICE_CODE_GRANT,
  registrationUsable,
  tokenState,
  type ClientRegistration,
  type SsoSession,
} from './sso-session.js'

/** What `login` reports: names and expiries only, never a token. */
export interface LoginResult {
  profile: string
  sessionName: string
  startUrl: string
  sessionExpiresAt: string
  /** True when another process signed in while we waited for the lock. */
  reused: boolean
  /** True when the stored session was still valid and kept (no sign-in; `force` signs in anyway). */
  alreadySignedIn: boolean
  accountId?: string
  roleName?: string
  credentialsExpireAt?: string
}

export interface LoginInput extends SsoOverrides {
  profile?: string
  flow: LoginFlow
  /** Why this flow was chosen, told once the profile is known to be usable (not before). */
  flowNotice?: string
  /** Sign in again even when the stored session is still valid. */
  force?: boolean
}

/** How long the browser flow waits for the redirect unless told otherwise. */
export const DEFAULT_BROWSER_TIMEOUT_MS = 5 * 60_000

/** How long a second `login` waits for one already in progress (a device sign-in takes minutes). */
const LOGIN_LOCK_TIMEOUT_MS = 15 * 60_000
const CLIENT_NAME = 'secrets-cli'

/**
 * Signs in to the profile's sso-session (browser + PKCE, or device code), keeps the session
 * in one keychain item, then settles the role (config, flags, remembered, picker) and caches
 * its credentials. Parallel logins for one session are serialised by the session lock; a
 * login that waited for another one reuses its fresh session instead of opening a second tab.
 */
export async function login(input: LoginInput, deps: SsoDeps): Promise<LoginResult> {
  const sso = await loadSsoProfile(input, deps.env)
  const keychain = deps.keychain()
  await checkRoleCanBeSettled(sso, input, deps)
  if (input.flowNotice) deps.human.notice(input.flowNotice)
  const startedAt = deps.now().getTime()
  let alreadySignedIn = false
  const { session, reused } = await withSessionLock(
    deps.env,
    sso.sessionName,
    sso.loginCommand,
    LOGIN_LOCK_TIMEOUT_MS,
    async () => {
      const existing = await loadSession(keychain, sso.sessionName)
      if (existing?.signedInAt && Date.parse(existing.signedInAt) >= startedAt && existing.tokens)
        return { session: existing, reused: true }
      if (!input.force && existing?.tokens && tokenState(existing, deps.now()) === 'valid') {
        alreadySignedIn = true
        return { session: existing, reused: false }
      }
      const fresh = await signIn(sso, input.flow, existing, deps)
      await saveSession(keychain, fresh)
      return { session: fresh, reused: false }
    },
  )
  const result: LoginResult = {
    profile: sso.profile,
    sessionName: sso.sessionName,
    startUrl: sso.startUrl,
    sessionExpiresAt: session.tokens?.expiresAt ?? '',
    reused,
    alreadySignedIn,
  }
  const role = await chooseRole(sso, input, deps, sso.loginCommand)
  const creds = await sessionCredentials(sso, role, deps, { forceFetch: true })
  return { ...result, ...role, credentialsExpireAt: creds.credentials.expiration }
}

/**
 * Without a terminal, a role that is neither configured, given nor remembered cannot be
 * chosen after sign-in: say so before the user approves anything in a browser.
 */
async function checkRoleCanBeSettled(sso: SsoProfile, input: LoginInput, deps: SsoDeps): Promise<void> {
  if (deps.human.prompt || configuredRole(sso, input)) return
  const remembered = await loadRoleCache(deps.keychain(), sso.profile)
  if (remembered?.sessionName === sso.sessionName) return
  throw new UsageError(
    `No role chosen for ${sso.profile}, and there is no terminal to ask (checked before signing in).`,
    {
      hint: `Add sso_account_id and sso_role_name to the profile, or pass --account-id and --role-name to \`${sso.loginCommand}\`; or sign in once on a terminal, which remembers the role.`,
      code: 'RoleChoiceNeeded',
    },
  )
}

/**
 * One interactive sign-in. Two recoveries, each at most once: a browser that cannot be
 * started falls back to the device flow at once (instead of waiting for a redirect that
 * cannot come), and a client registration the service no longer knows (`invalid_client`:
 * a new deployment, a purged or expired client) is replaced by a new one.
 */
async function signIn(
  sso: SsoProfile,
  flow: LoginFlow,
  existing: SsoSession | undefined,
  deps: SsoDeps,
): Promise<SsoSession> {
  let current = existing
  let currentFlow = flow
  for (let attempt = 0; ; attempt++) {
    const registration = await clientFor(sso, currentFlow, current, deps)
    try {
      const tokens = await interactiveTokens(sso, currentFlow, registration, deps)
      const now = deps.now()
      return {
        version: 1,
        sessionName: sso.sessionName,
        startUrl: sso.startUrl,
        ssoRegion: sso.ssoRegion,
        registration,
        tokens: {
          accessToken: tokens.accessToken,
          expiresAt: new Date(now.getTime() + tokens.expiresIn * 1000).toISOString(),
          ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
        },
        signedInAt: now.toISOString(),
      }
    } catch (error) {
      if (attempt >= 2) throw error
      if (error instanceof BrowserNotStarted && currentFlow === 'browser') {
        deps.human.notice(`${error.message} Using the device code flow instead.`)
        currentFlow = 'device'
      } else if (isInvalidClient(error) && attempt === 0) {
        deps.human.notice(
          'IAM Identity Center no longer knows the stored client registration; registering again.',
        )
        current = undefined
      } else throw error
    }
  }
}

/** The stored registration when it serves this flow, else a new one (kept at once). */
async function clientFor(
  sso: SsoProfile,
  flow: LoginFlow,
  existing: SsoSession | undefined,
  deps: SsoDeps,
): Promise<ClientRegistration> {
  const grant = flow === 'browser' ? 'authorization_code' : DEVICE_CODE_GRANT
  const sameIssuer = existing?.startUrl === sso.startUrl && existing.ssoRegion === sso.ssoRegion
  const reusable =
    sameIssuer &&
    registrationUsable(existing?.registration, deps.now(), [grant, 'refresh_token']) &&
    sameScopes(existing?.registration?.scopes, sso.scopes)
  if (
    reusable &&
    existing?.registration &&
    (flow === 'device' || (await clientKnown(sso, existing.registration, deps)))
  )
    return existing.registration
  const registration = await register(sso, grant, deps)
  // Keep the new registration even if this sign-in is abandoned, so a retry reuses it
  // (registrations are rate limited); tokens of the same issuer stay as they were.
  await saveSession(deps.keychain(), {
    ...(sameIssuer && existing ? existing : baseSession(sso)),
    registration,
  })
  return registration
}

function interactiveTokens(
  sso: SsoProfile,
  flow: LoginFlow,
  registration: ClientRegistration,
  deps: SsoDeps,
) {
  const oidc = deps.oidc(sso.ssoRegion)
  const notify = (message: string) => deps.human.notice(message)
  return flow === 'browser'
    ? runPkceFlow(
        { registration, scopes: sso.scopes, loginCommand: sso.loginCommand },
        {
          oidc,
          notify,
          openUrl: deps.openUrl,
          timeoutMs: deps.browserTimeoutMs ?? DEFAULT_BROWSER_TIMEOUT_MS,
        },
      )
    : runDeviceFlow(
        { registration, startUrl: sso.startUrl, loginCommand: sso.loginCommand },
        { oidc, now: deps.now, sleep: deps.sleep, notify },
      )
}

/**
 * Whether the service still knows a stored client, asked before a browser sign-in (the
 * device flow learns it from StartDeviceAuthorization): a forgotten client would strand the
 * user on an error page in the browser while the terminal waits. One CreateToken with a
 * placeholder code answers invalid_client for an unknown client, invalid_grant otherwise.
 */
async function clientKnown(
  sso: SsoProfile,
  registration: ClientRegistration,
  deps: SsoDeps,
): Promise<boolean> {
  try {
    await deps.oidc(sso.ssoRegion).createToken({
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      grantType: 'authorization_code',
      code: 'secrets-cli-client-check',
      codeVerifier: 'secrets-cli-client-check-0000000000000000000000',
      redirectUri: LOOPBACK_REDIRECT_URI,
    })
    return true
  } catch (error) {
    if (!isInvalidClient(error)) return true
    deps.human.notice(
      'IAM Identity Center no longer knows the stored client registration; registering again.',
    )
    return false
  }
}

/**
 * Registers a public OIDC client able to refresh (refresh_token among its grant types, and
 * the issuer URL set) — without those the service issues no refresh token and users sign in
 * again every few hours.
 */
async function register(sso: SsoProfile, grant: string, deps: SsoDeps): Promise<ClientRegistration> {
  const grantTypes = [grant, 'refresh_token']
  try {
    const out = await deps.oidc(sso.ssoRegion).registerClient({
      clientName: CLIENT_NAME,
      scopes: sso.scopes,
      grantTypes,
      issuerUrl: sso.startUrl,
      ...(grant === 'authorization_code' ? { redirectUris: [LOOPBACK_REDIRECT_URI] } : {}),
    })
    return {
      clientId: out.clientId,
      clientSecret: out.clientSecret,
      expiresAt: new Date(out.clientSecretExpiresAt * 1000).toISOString(),
      grantTypes,
      scopes: sso.scopes,
    }
  } catch (error) {
    throw toRemoteError(error, `registering with IAM Identity Center in ${sso.ssoRegion}`)
  }
}

function baseSession(sso: SsoProfile): SsoSession {
  return { version: 1, sessionName: sso.sessionName, startUrl: sso.startUrl, ssoRegion: sso.ssoRegion }
}

function sameScopes(a: string[] | undefined, b: string[]): boolean {
  return !!a && a.length === b.length && a.every((s) => b.includes(s))
}
