import { configuredEndpoint, lazyAwsClient } from '../../shared/aws-client.js'
import { errorName } from '../../shared/errors.js'

/** The IAM Identity Center OIDC calls sign-in needs (a port; tests use the fake service). */
export interface OidcClient {
  registerClient(input: {
    clientName: string
    scopes: string[]
    grantTypes: string[]
    issuerUrl: string
    redirectUris?: string[]
  }): Promise<{ clientId: string; clientSecret: string; clientSecretExpiresAt: number }>
  startDeviceAuthorization(input: { clientId: string; clientSecret: string; startUrl: string }): Promise<{
    deviceCode: string
    userCode: string
    verificationUri: string
    verificationUriComplete?: string
    expiresIn: number
    interval?: number
  }>
  createToken(input: {
    clientId: string
    clientSecret: string
    grantType: string
    deviceCode?: string
    code?: string
    codeVerifier?: string
    redirectUri?: string
    refreshToken?: string
    scope?: string[]
  }): Promise<{ accessToken: string; expiresIn: number; refreshToken?: string }>
  /** The browser authorization URL base (`<endpoint>/authorize`). */
  authorizeUrl(): Promise<string>
}

/** The OIDC client for a region, over the real SDK (built on first call by the client factory). */
export function sdkOidcClient(region: string, env: NodeJS.ProcessEnv): OidcClient {
  const get = lazyAwsClient('sso-oidc', { region }, { maxAttempts: 3, env })
  return {
    async registerClient(input) {
      const { sdk, client } = await get()
      const out = await client.send(new sdk.RegisterClientCommand({ ...input, clientType: 'public' }))
      return {
        clientId: out.clientId ?? '',
        clientSecret: out.clientSecret ?? '',
        clientSecretExpiresAt: out.clientSecretExpiresAt ?? 0,
      }
    },
    async startDeviceAuthorization(input) {
      const { sdk, client } = await get()
      const out = await client.send(new sdk.StartDeviceAuthorizationCommand(input))
      return {
        deviceCode: out.deviceCode ?? '',
        userCode: out.userCode ?? '',
        verificationUri: out.verificationUri ?? '',
        ...(out.verificationUriComplete ? { verificationUriComplete: out.verificationUriComplete } : {}),
        expiresIn: out.expiresIn ?? 600,
        ...(out.interval ? { interval: out.interval } : {}),
      }
    },
    async createToken(input) {
      const { sdk, client } = await get()
      const out = await client.send(new sdk.CreateTokenCommand(input))
      return {
        accessToken: out.accessToken ?? '',
        expiresIn: out.expiresIn ?? 0,
        ...(out.refreshToken ? { refreshToken: out.refreshToken } : {}),
      }
    },
    async authorizeUrl() {
      const { client } = await get()
      const base = (await configuredEndpoint(client)) ?? `https://oidc.${region}.amazonaws.com`
      return `${base.replace(/\/+$/, '')}/authorize`
    },
  }
}

/** The OAuth error of an OIDC failure (`authorization_pending`, `slow_down`, ...), from its type. */
export function oidcErrorKind(error: unknown): string {
  switch (errorName(error)) {
    case 'AuthorizationPendingException':
      return 'authorization_pending'
    case 'SlowDownException':
      return 'slow_down'
    case 'ExpiredTokenException':
      return 'expired_token'
    case 'AccessDeniedException':
      return 'access_denied'
    case 'InvalidGrantException':
      return 'invalid_grant'
    case 'InvalidClientException':
      return 'invalid_client'
    default:
      return 'other'
  }
}

/** The service's `error_description` of an OIDC failure, when it sent one (one line, bounded). */
export function oidcErrorDescription(error: unknown): string | undefined {
  const value = (error as { error_description?: unknown } | undefined)?.error_description
  if (typeof value !== 'string' || !value.trim()) return undefined
  return value.split('\n')[0]?.trim().slice(0, 200)
}

/** True when IAM Identity Center no longer knows the client registration (or its secret expired). */
export function isInvalidClient(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    if (oidcErrorKind(e) === 'invalid_client') return true
    e = (e as { cause?: unknown }).cause
  }
  return false
}
