/**
 * The SSO session as kept in ONE keychain item per sso-session: the client registration,
 * the access and refresh tokens and their expiries. Pure functions decide freshness.
 */

/** How long before expiry a token or credentials count as stale (refresh early). */
export const REFRESH_WINDOW_MS = 15 * 60_000
/** Re-register a client this long before its secret expires. */
export const REGISTRATION_WINDOW_MS = 24 * 60 * 60_000

export type GrantType =
  'authorization_code' | 'urn:ietf:params:oauth:grant-type:device_code' | 'refresh_token'
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'

export interface ClientRegistration {
  clientId: string
  clientSecret: string
  /** ISO time the client secret expires. */
  expiresAt: string
  grantTypes: string[]
  scopes: string[]
}

export interface SsoTokens {
  accessToken: string
  /** ISO time the access token expires. */
  expiresAt: string
  refreshToken?: string
}

/** The JSON stored under `KeychainItem.ssoSession(name)`. */
export interface SsoSession {
  version: 1
  sessionName: string
  startUrl: string
  ssoRegion: string
  registration?: ClientRegistration
  tokens?: SsoTokens
  /** ISO time of the last interactive sign-in. */
  signedInAt?: string
}

/** What a caller must do to get a usable access token from a stored session. */
export type TokenState = 'valid' | 'refresh' | 'login'

/** Decides whether the access token can be used, must be refreshed, or needs a new sign-in. */
export function tokenState(session: SsoSession | undefined, now: Date): TokenState {
  const tokens = session?.tokens
  if (!tokens) return 'login'
  const left = Date.parse(tokens.expiresAt) - now.getTime()
  if (left > REFRESH_WINDOW_MS) return 'valid'
  // Refresh needs only a client secret that has not expired yet (the re-registration window
  // applies to new sign-ins, not to refreshing).
  const registration = session.registration
  if (
    tokens.refreshToken &&
    registration?.grantTypes.includes('refresh_token') &&
    Date.parse(registration.expiresAt) > now.getTime()
  )
    return 'refresh'
  return left > 0 ? 'valid' : 'login'
}

/** True when a stored registration can be reused for these grant types (not about to expire). */
export function registrationUsable(
  registration: ClientRegistration | undefined,
  now: Date,
  grants: string[],
): boolean {
  if (!registration) return false
  if (Date.parse(registration.expiresAt) - now.getTime() <= REGISTRATION_WINDOW_MS) return false
  return grants.every((g) => registration.grantTypes.includes(g))
}

/** True when cached role credentials expire later than the refresh window. */
export function credentialsFresh(expiration: string | undefined, now: Date): boolean {
  if (!expiration) return false
  return Date.parse(expiration) - now.getTime() > REFRESH_WINDOW_MS
}

/** Parses a stored session; undefined for missing or unreadable items (treated as signed out). */
export function parseSession(text: string | undefined): SsoSession | undefined {
  if (!text) return undefined
  try {
    const value = JSON.parse(text) as SsoSession
    return value && value.version === 1 && typeof value.startUrl === 'string' ? value : undefined
  } catch {
    return undefined
  }
}

/** Role credentials as cached under `KeychainItem.roleCredentials(profile)`. */
export interface RoleCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  /** ISO time. */
  expiration: string
}

/** The JSON stored per profile: which role was chosen, and its latest credentials. */
export interface RoleCache {
  version: 1
  sessionName: string
  accountId: string
  roleName: string
  credentials?: RoleCredentials
}

/** Parses a stored role cache; undefined when missing or unreadable. */
export function parseRoleCache(text: string | undefined): RoleCache | undefined {
  if (!text) return undefined
  try {
    const value = JSON.parse(text) as RoleCache
    return value && value.version === 1 && typeof value.accountId === 'string' ? value : undefined
  } catch {
    return undefined
  }
}
