/**
 * A fake AWS IAM Identity Center for tests: the SSO OIDC service (`RegisterClient`,
 * `StartDeviceAuthorization`, `CreateToken` with the device_code, authorization_code+PKCE
 * and refresh_token grants, plus the browser `/authorize` endpoint) and the SSO portal
 * (`GetRoleCredentials`, `ListAccounts`, `ListAccountRoles`, `Logout`) on ONE loopback HTTP
 * server (127.0.0.1, port 0). Paths do not collide, so point both AWS_ENDPOINT_URL_SSO_OIDC
 * and AWS_ENDPOINT_URL_SSO at `url`; the real @aws-sdk/client-sso-oidc and client-sso talk
 * to it unchanged.
 *
 * Wire format is restJson1 as the real services speak it:
 * - OIDC errors: HTTP 400/401 with `x-amzn-errortype: <Type>` and a JSON body
 *   `{"error": "authorization_pending", "error_description": "..."}` — types
 *   AuthorizationPendingException, SlowDownException, ExpiredTokenException,
 *   AccessDeniedException, InvalidGrantException, InvalidClientException,
 *   InvalidRequestException, UnsupportedGrantTypeException.
 * - Portal errors: `x-amzn-errortype` and `{"message": "..."}` — UnauthorizedException (401),
 *   TooManyRequestsException (429), ForbiddenException (403), InvalidRequestException (400).
 *
 * Behaviour worth knowing:
 * - Refresh tokens are issued only to clients registered with the `refresh_token` grant and
 *   an `issuerUrl`, and they ROTATE: each refresh returns a new one and revokes the old, so a
 *   client that refreshes twice in parallel with the same token fails the second time.
 * - Device codes: `decision` 'manual' (default) keeps them pending until `approve()`/`deny()`;
 *   'approve'/'deny' decide on the first poll after `approveAfterPolls` pending answers.
 *   Polling faster than the interval (minus 250 ms) answers slow_down and adds 5 s, as in
 *   RFC 8628 (turn off with `enforceInterval: false` when a test fakes the clock);
 *   `slowDown(n)` forces n slow_down answers.
 * - `/authorize` (browser flow) redirects to the registered loopback redirect URI (any port,
 *   RFC 8252) with `code`+`state`, or `error=access_denied` when `decision` is 'deny'.
 * - Portal listings are paged `pageSize` items per page (default 1) with opaque nextTokens;
 *   `throttle(n)` makes the next n portal calls answer TooManyRequestsException.
 * - Role credentials look like STS ones (ASIA...); moto accepts any key, so they work there.
 * - `requests` logs every call (operation, grant type, status, error type) — never tokens.
 * - `issuedSecrets()` lists every token/secret handed out, for "nothing on disk" scans.
 * - `forgetClients()` drops every client registration, as a new deployment or a purged
 *   client does: calls with a known-before client then answer InvalidClientException.
 * - `rejectCodeExchanges(n, description)` makes the next n exchanges of an issued code
 *   answer InvalidGrantException with that `error_description` (an expired or reused code).
 */
import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeAccount {
  accountId: string
  accountName: string
  emailAddress?: string
  roles: string[]
}

export interface IdentityCenterOptions {
  accounts?: FakeAccount[]
  pageSize?: number
  /** Device-flow polling interval (s). */
  interval?: number
  deviceCodeTtlS?: number
  accessTokenTtlS?: number
  clientSecretTtlS?: number
  roleCredentialTtlS?: number
  decision?: 'manual' | 'approve' | 'deny'
  /** With decision approve/deny: answer authorization_pending this many times first. */
  approveAfterPolls?: number
  enforceInterval?: boolean
}

export interface LoggedRequest {
  op: string
  status: number
  grantType?: string
  errorType?: string
}

interface Client {
  secret: string
  expiresAt: number
  grantTypes: string[]
  redirectUris: string[]
  scopes: string[]
  issuerUrl?: string
}
interface DeviceAuth {
  clientId: string
  userCode: string
  expiresAt: number
  interval: number
  lastPoll: number
  polls: number
  status: 'pending' | 'approved' | 'denied'
}
interface Grant {
  clientId: string
  revoked: boolean
}

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'

export const DEFAULT_ACCOUNTS: FakeAccount[] = [
  {
    accountId: '111111111111',
    accountName: 'dev',
    emailAddress: 'dev@example.com',
    roles: ['Developer', 'ReadOnly'],
  },
  {
    accountId: '222222222222',
    accountName: 'staging',
    emailAddress: 'staging@example.com',
    roles: ['Developer'],
  },
  { accountId: '333333333333', accountName: 'prod', emailAddress: 'prod@example.com', roles: ['ReadOnly'] },
]

export interface IdentityCenter {
  url: string
  options: Required<IdentityCenterOptions>
  requests: LoggedRequest[]
  /** Number of logged calls of an operation (and grant type for CreateToken). */
  count(op: string, grantType?: string): number
  approve(userCode?: string): void
  deny(userCode?: string): void
  pendingUserCodes(): string[]
  slowDown(n: number): void
  throttle(n: number): void
  /** Makes every issued access token expired (the portal answers UnauthorizedException). */
  expireAccessTokens(): void
  /** Revokes every refresh token (CreateToken answers InvalidGrantException). */
  revokeRefreshTokens(): void
  /** Every token and secret handed out so far. */
  issuedSecrets(): string[]
  /** Forgets every client registration (a restarted or redeployed service). */
  forgetClients(): void
  /** The next n authorization_code exchanges answer invalid_grant with this description. */
  rejectCodeExchanges(n: number, description: string): void
  close(): Promise<void>
}

/** Starts the fake on 127.0.0.1, port 0. Close it in afterAll. */
export async function startIdentityCenter(options: IdentityCenterOptions = {}): Promise<IdentityCenter> {
  const opts: Required<IdentityCenterOptions> = {
    accounts: DEFAULT_ACCOUNTS,
    pageSize: 1,
    interval: 1,
    deviceCodeTtlS: 600,
    accessTokenTtlS: 3600,
    clientSecretTtlS: 90 * 86400,
    roleCredentialTtlS: 3600,
    decision: 'manual',
    approveAfterPolls: 0,
    enforceInterval: true,
    ...options,
  }
  const clients = new Map<string, Client>()
  const devices = new Map<string, DeviceAuth>()
  const codes = new Map<
    string,
    { clientId: string; redirectUri: string; challenge: string; expiresAt: number }
  >()
  const accessTokens = new Map<string, { grant: Grant; expiresAt: number }>()
  const refreshTokens = new Map<string, Grant & { used: boolean }>()
  const secrets: string[] = []
  const requests: LoggedRequest[] = []
  let forcedSlowDowns = 0
  let throttles = 0
  let codeRejections = { left: 0, description: '' }
  let url = ''

  const secret = (prefix: string, bytes = 32) => {
    const value = `${prefix}${randomBytes(bytes).toString('base64url')}`
    secrets.push(value)
    return value
  }

  function log(res: ServerResponse, entry: LoggedRequest) {
    requests.push(entry)
    return res
  }

  function oidcError(
    res: ServerResponse,
    op: string,
    status: number,
    type: string,
    error: string,
    description: string,
    grantType?: string,
  ) {
    log(res, { op, status, errorType: type, ...(grantType ? { grantType } : {}) })
    res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type })
    res.end(JSON.stringify({ error, error_description: description }))
  }
  function portalError(res: ServerResponse, op: string, status: number, type: string, message: string) {
    log(res, { op, status, errorType: type })
    res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type })
    res.end(JSON.stringify({ message }))
  }
  function ok(res: ServerResponse, op: string, body: unknown, grantType?: string) {
    log(res, { op, status: 200, ...(grantType ? { grantType } : {}) })
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }

  function issueTokens(clientId: string, withRefresh: boolean) {
    const grant: Grant = { clientId, revoked: false }
    const accessToken = secret('aoaFAKEACCESS', 48)
    accessTokens.set(accessToken, { grant, expiresAt: Date.now() + opts.accessTokenTtlS * 1000 })
    const out: Record<string, unknown> = { accessToken, tokenType: 'Bearer', expiresIn: opts.accessTokenTtlS }
    if (withRefresh) {
      const refreshToken = secret('aorFAKEREFRESH', 48)
      refreshTokens.set(refreshToken, { ...grant, used: false })
      out.refreshToken = refreshToken
    }
    return out
  }

  function canRefresh(client: Client) {
    return client.grantTypes.includes('refresh_token') && !!client.issuerUrl
  }

  function redirectAllowed(client: Client, redirectUri: string): boolean {
    let target: URL
    try {
      target = new URL(redirectUri)
    } catch {
      return false
    }
    return client.redirectUris.some((registered) => {
      const r = new URL(registered)
      // RFC 8252 §7.3: loopback redirect URIs match with any port.
      const loopback = r.hostname === '127.0.0.1' && target.hostname === '127.0.0.1'
      return (
        r.protocol === target.protocol &&
        r.pathname === target.pathname &&
        (loopback || r.host === target.host)
      )
    })
  }

  function bearer(req: IncomingMessage, res: ServerResponse, op: string): boolean {
    const token = req.headers['x-amz-sso_bearer_token']
    const entry = typeof token === 'string' ? accessTokens.get(token) : undefined
    if (!entry || entry.grant.revoked || entry.expiresAt <= Date.now()) {
      portalError(res, op, 401, 'UnauthorizedException', 'Session token not found or invalid')
      return false
    }
    if (throttles > 0) {
      throttles--
      portalError(res, op, 429, 'TooManyRequestsException', 'Rate exceeded')
      return false
    }
    return true
  }

  function page<T>(items: T[], nextToken: string | null, maxResult: string | null) {
    const start = nextToken
      ? Number(Buffer.from(nextToken, 'base64url').toString('utf8').replace('offset:', ''))
      : 0
    const size = Math.max(1, Math.min(opts.pageSize, Number(maxResult) || opts.pageSize))
    const slice = items.slice(start, start + size)
    const next =
      start + size < items.length ? Buffer.from(`offset:${start + size}`).toString('base64url') : undefined
    return { slice, next }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const u = new URL(req.url ?? '/', url)
    const body = req.method === 'POST' ? await readJson(req) : {}
    const route = `${req.method} ${u.pathname}`
    switch (route) {
      case 'POST /client/register': {
        const op = 'RegisterClient'
        if (!body.clientName || body.clientType !== 'public')
          return oidcError(
            res,
            op,
            400,
            'InvalidRequestException',
            'invalid_request',
            'clientName and clientType=public are required',
          )
        const grantTypes = (body.grantTypes as string[] | undefined) ?? [DEVICE_GRANT]
        const redirectUris = (body.redirectUris as string[] | undefined) ?? []
        if (grantTypes.includes('authorization_code') && redirectUris.length === 0)
          return oidcError(
            res,
            op,
            400,
            'InvalidRedirectUriException',
            'invalid_redirect_uri',
            'redirectUris required for authorization_code',
          )
        const clientId = `client-${randomBytes(8).toString('hex')}`
        const issuedAt = Math.floor(Date.now() / 1000)
        const client: Client = {
          secret: secret('FAKECLIENTSECRET', 48),
          expiresAt: issuedAt + opts.clientSecretTtlS,
          grantTypes,
          redirectUris,
          scopes: (body.scopes as string[] | undefined) ?? [],
          ...(typeof body.issuerUrl === 'string' ? { issuerUrl: body.issuerUrl } : {}),
        }
        clients.set(clientId, client)
        return ok(res, op, {
          clientId,
          clientSecret: client.secret,
          clientIdIssuedAt: issuedAt,
          clientSecretExpiresAt: client.expiresAt,
          ...(grantTypes.includes('authorization_code')
            ? { authorizationEndpoint: `${url}/authorize`, tokenEndpoint: `${url}/token` }
            : {}),
        })
      }
      case 'POST /device_authorization': {
        const op = 'StartDeviceAuthorization'
        const client = authClient(body)
        if (!client)
          return oidcError(res, op, 401, 'InvalidClientException', 'invalid_client', 'Invalid client')
        if (!client.grantTypes.includes(DEVICE_GRANT))
          return oidcError(
            res,
            op,
            400,
            'UnauthorizedClientException',
            'unauthorized_client',
            'Client not registered for device_code',
          )
        const deviceCode = secret('FAKEDEVICECODE', 32)
        const userCode = `${randomLetters(4)}-${randomLetters(4)}`
        devices.set(deviceCode, {
          clientId: String(body.clientId),
          userCode,
          expiresAt: Date.now() + opts.deviceCodeTtlS * 1000,
          interval: opts.interval,
          lastPoll: 0,
          polls: 0,
          status: 'pending',
        })
        return ok(res, op, {
          deviceCode,
          userCode,
          verificationUri: `${url}/device`,
          verificationUriComplete: `${url}/device?user_code=${userCode}`,
          expiresIn: opts.deviceCodeTtlS,
          interval: opts.interval,
        })
      }
      case 'POST /token':
        return createToken(body, res)
      case 'GET /authorize':
        return authorize(u, res)
      case 'GET /federation/credentials': {
        const op = 'GetRoleCredentials'
        if (!bearer(req, res, op)) return
        const account = opts.accounts.find((a) => a.accountId === u.searchParams.get('account_id'))
        const roleName = u.searchParams.get('role_name') ?? ''
        if (!account || !account.roles.includes(roleName))
          return portalError(res, op, 403, 'ForbiddenException', 'No access')
        return ok(res, op, {
          roleCredentials: {
            accessKeyId: `ASIA${randomLetters(16)}`,
            secretAccessKey: secret('', 30),
            sessionToken: secret('FAKESESSIONTOKEN', 96),
            expiration: Date.now() + opts.roleCredentialTtlS * 1000,
          },
        })
      }
      case 'GET /assignment/accounts': {
        const op = 'ListAccounts'
        if (!bearer(req, res, op)) return
        const { slice, next } = page(
          opts.accounts,
          u.searchParams.get('next_token'),
          u.searchParams.get('max_result'),
        )
        return ok(res, op, {
          accountList: slice.map(({ accountId, accountName, emailAddress }) => ({
            accountId,
            accountName,
            emailAddress,
          })),
          ...(next ? { nextToken: next } : {}),
        })
      }
      case 'GET /assignment/roles': {
        const op = 'ListAccountRoles'
        if (!bearer(req, res, op)) return
        const account = opts.accounts.find((a) => a.accountId === u.searchParams.get('account_id'))
        if (!account) return portalError(res, op, 404, 'ResourceNotFoundException', 'Account not found')
        const { slice, next } = page(
          account.roles,
          u.searchParams.get('next_token'),
          u.searchParams.get('max_result'),
        )
        return ok(res, op, {
          roleList: slice.map((roleName) => ({ roleName, accountId: account.accountId })),
          ...(next ? { nextToken: next } : {}),
        })
      }
      case 'POST /logout': {
        const op = 'Logout'
        const token = req.headers['x-amz-sso_bearer_token']
        const entry = typeof token === 'string' ? accessTokens.get(token) : undefined
        if (!entry || entry.grant.revoked)
          return portalError(res, op, 401, 'UnauthorizedException', 'Session token not found or invalid')
        // Logout ends the whole sign-in: the access token and its refresh tokens.
        revokeClientGrants(entry.grant.clientId)
        log(res, { op, status: 200 })
        res.writeHead(200, { 'content-type': 'application/json' })
        return res.end('{}')
      }
      default:
        log(res, { op: `${req.method} ${u.pathname}`, status: 404 })
        res.writeHead(404, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'UnknownOperationException',
        })
        return res.end(JSON.stringify({ message: 'Unknown operation' }))
    }
  }

  function revokeClientGrants(clientId: string) {
    for (const t of accessTokens.values()) if (t.grant.clientId === clientId) t.grant.revoked = true
    for (const r of refreshTokens.values()) if (r.clientId === clientId) r.revoked = true
  }

  function authClient(body: Record<string, unknown>): Client | undefined {
    const client = clients.get(String(body.clientId))
    if (!client || client.secret !== body.clientSecret || client.expiresAt * 1000 <= Date.now())
      return undefined
    return client
  }

  function createToken(body: Record<string, unknown>, res: ServerResponse) {
    const op = 'CreateToken'
    const grantType = String(body.grantType ?? '')
    const client = authClient(body)
    if (!client)
      return oidcError(res, op, 401, 'InvalidClientException', 'invalid_client', 'Invalid client', grantType)
    if (!client.grantTypes.includes(grantType))
      return oidcError(
        res,
        op,
        400,
        'UnsupportedGrantTypeException',
        'unsupported_grant_type',
        'Grant type not registered',
        grantType,
      )
    const clientId = String(body.clientId)
    if (grantType === DEVICE_GRANT) {
      const auth = devices.get(String(body.deviceCode))
      if (!auth || auth.clientId !== clientId)
        return oidcError(
          res,
          op,
          400,
          'InvalidGrantException',
          'invalid_grant',
          'Invalid device code',
          grantType,
        )
      const now = Date.now()
      if (auth.expiresAt <= now) {
        devices.delete(String(body.deviceCode))
        return oidcError(
          res,
          op,
          400,
          'ExpiredTokenException',
          'expired_token',
          'Device code expired',
          grantType,
        )
      }
      const tooFast =
        opts.enforceInterval && auth.lastPoll && now - auth.lastPoll < auth.interval * 1000 - 250
      auth.lastPoll = now
      if (forcedSlowDowns > 0 || tooFast) {
        if (forcedSlowDowns > 0) forcedSlowDowns--
        auth.interval += 5
        return oidcError(
          res,
          op,
          400,
          'SlowDownException',
          'slow_down',
          'Client is polling too fast',
          grantType,
        )
      }
      auth.polls++
      if (auth.status === 'pending' && opts.decision !== 'manual' && auth.polls > opts.approveAfterPolls)
        auth.status = opts.decision === 'approve' ? 'approved' : 'denied'
      if (auth.status === 'pending')
        return oidcError(
          res,
          op,
          400,
          'AuthorizationPendingException',
          'authorization_pending',
          'Authorization pending',
          grantType,
        )
      if (auth.status === 'denied') {
        devices.delete(String(body.deviceCode))
        return oidcError(
          res,
          op,
          400,
          'AccessDeniedException',
          'access_denied',
          'The user denied the request',
          grantType,
        )
      }
      devices.delete(String(body.deviceCode))
      return ok(res, op, issueTokens(clientId, canRefresh(client)), grantType)
    }
    if (grantType === 'authorization_code') {
      const code = codes.get(String(body.code))
      codes.delete(String(body.code)) // single use
      if (code && codeRejections.left > 0) {
        codeRejections.left--
        return oidcError(
          res,
          op,
          400,
          'InvalidGrantException',
          'invalid_grant',
          codeRejections.description,
          grantType,
        )
      }
      const verifier = String(body.codeVerifier ?? '')
      const challenge = createHash('sha256').update(verifier).digest('base64url')
      if (
        !code ||
        code.clientId !== clientId ||
        code.expiresAt <= Date.now() ||
        code.redirectUri !== body.redirectUri ||
        code.challenge !== challenge
      )
        return oidcError(
          res,
          op,
          400,
          'InvalidGrantException',
          'invalid_grant',
          'Invalid authorization code or verifier',
          grantType,
        )
      return ok(res, op, issueTokens(clientId, canRefresh(client)), grantType)
    }
    if (grantType === 'refresh_token') {
      const token = refreshTokens.get(String(body.refreshToken))
      if (!token || token.revoked || token.used || token.clientId !== clientId)
        return oidcError(
          res,
          op,
          400,
          'InvalidGrantException',
          'invalid_grant',
          'Invalid refresh token',
          grantType,
        )
      token.used = true // rotation: each refresh token works once
      return ok(res, op, issueTokens(clientId, true), grantType)
    }
    return oidcError(
      res,
      op,
      400,
      'UnsupportedGrantTypeException',
      'unsupported_grant_type',
      'Unsupported grant type',
      grantType,
    )
  }

  function authorize(u: URL, res: ServerResponse) {
    const op = 'Authorize'
    const client = clients.get(u.searchParams.get('client_id') ?? '')
    const redirectUri = u.searchParams.get('redirect_uri') ?? ''
    const challenge = u.searchParams.get('code_challenge') ?? ''
    // Never redirect to an unverified URI (OAuth 2.0 §4.1.2.1): answer with a page instead.
    if (
      !client ||
      !client.grantTypes.includes('authorization_code') ||
      !redirectAllowed(client, redirectUri)
    ) {
      log(res, { op, status: 400, errorType: 'invalid_request' })
      res.writeHead(400, { 'content-type': 'text/plain' })
      return res.end('Invalid client or redirect_uri')
    }
    const target = new URL(redirectUri)
    target.searchParams.set('state', u.searchParams.get('state') ?? '')
    if (
      u.searchParams.get('response_type') !== 'code' ||
      u.searchParams.get('code_challenge_method') !== 'S256' ||
      !challenge
    )
      target.searchParams.set('error', 'invalid_request')
    else if (opts.decision === 'deny') target.searchParams.set('error', 'access_denied')
    else {
      const code = secret('FAKEAUTHCODE', 24)
      codes.set(code, {
        clientId: u.searchParams.get('client_id') ?? '',
        redirectUri,
        challenge,
        expiresAt: Date.now() + 300_000,
      })
      target.searchParams.set('code', code)
    }
    log(res, { op, status: 302 })
    res.writeHead(302, { location: target.toString() })
    res.end()
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'InternalServerException',
      })
      res.end(JSON.stringify({ error: 'server_error', error_description: String(error) }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const decide = (status: 'approved' | 'denied', userCode?: string) => {
    for (const auth of devices.values()) if (!userCode || auth.userCode === userCode) auth.status = status
  }
  return {
    url,
    options: opts,
    requests,
    count: (op, grantType) =>
      requests.filter((r) => r.op === op && (grantType === undefined || r.grantType === grantType)).length,
    approve: (userCode) => decide('approved', userCode),
    deny: (userCode) => decide('denied', userCode),
    pendingUserCodes: () =>
      [...devices.values()].filter((d) => d.status === 'pending').map((d) => d.userCode),
    slowDown: (n) => void (forcedSlowDowns = n),
    throttle: (n) => void (throttles = n),
    expireAccessTokens: () => {
      for (const t of accessTokens.values()) t.expiresAt = 0
    },
    revokeRefreshTokens: () => {
      for (const r of refreshTokens.values()) r.revoked = true
    },
    issuedSecrets: () => [...secrets],
    forgetClients: () => clients.clear(),
    rejectCodeExchanges: (n, description) => void (codeRejections = { left: n, description }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  if (!text) return {}
  try {
    return JSON.parse(text) as Record<string, unknown>
  } catch {
    return {}
  }
}

function randomLetters(n: number): string {
  const alphabet = 'BCDFGHJKLMNPQRSTVWXZ'
  const bytes = randomBytes(n)
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('')
}

/** AWS env vars that point the real SDK clients (and the aws CLI) at the fake. */
export function identityCenterEnv(ic: { url: string }): Record<string, string> {
  return { AWS_ENDPOINT_URL_SSO_OIDC: ic.url, AWS_ENDPOINT_URL_SSO: ic.url }
}
