import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { toRemoteError } from '../../shared/aws-errors.js'
import { AuthError, LocalEnvError } from '../../shared/errors.js'
import type { OidcClient } from './oidc-client.js'
import type { ClientRegistration } from './sso-session.js'
import { secretEquals } from '../../shared/secret-equals.js'

/** Registered redirect URI: loopback with any port, as RFC 8252 §7.3 allows for native apps. */
export const LOOPBACK_REDIRECT_URI = 'http://127.0.0.1/oauth/callback'
const CALLBACK_PATH = '/oauth/callback'

export interface PkceFlowDeps {
  oidc: OidcClient
  notify: (message: string) => void
  openUrl: (url: string) => Promise<void>
  timeoutMs: number
}

export interface PkceFlowInput {
  registration: ClientRegistration
  scopes: string[]
  loginCommand: string
}

/** A PKCE verifier and its S256 challenge (RFC 7636). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

/** Builds the authorization request URL of the browser flow. */
export function authorizationUrl(
  base: string,
  params: { clientId: string; redirectUri: string; state: string; challenge: string; scopes: string[] },
): string {
  const url = new URL(base)
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('client_id', params.clientId)
  url.searchParams.set('redirect_uri', params.redirectUri)
  url.searchParams.set('state', params.state)
  url.searchParams.set('code_challenge_method', 'S256')
  url.searchParams.set('scopes', params.scopes.join(' '))
  url.searchParams.set('code_challenge', params.challenge)
  return url.toString()
}

/**
 * Signs in with the authorization code grant + PKCE: a one-shot HTTP server on 127.0.0.1
 * (random port) receives the browser's redirect; the code is exchanged with the verifier.
 * The server checks the Host header and compares `state` in constant time, and is closed on
 * every exit path.
 */
export async function runPkceFlow(input: PkceFlowInput, deps: PkceFlowDeps) {
  const { verifier, challenge } = pkcePair()
  const state = randomBytes(24).toString('base64url')
  const callback = await startCallbackServer(state)
  try {
    const redirectUri = `http://127.0.0.1:${callback.port}${CALLBACK_PATH}`
    const url = authorizationUrl(await deps.oidc.authorizeUrl(), {
      clientId: input.registration.clientId,
      redirectUri,
      state,
      challenge,
      scopes: input.scopes,
    })
    deps.notify(`Opening the browser to sign in. If it does not open, visit:\n\n  ${url}\n`)
    await deps
      .openUrl(url)
      .catch(() => deps.notify('Could not start a browser; open the URL above yourself.\n'))
    const code = await withTimeout(callback.code, deps.timeoutMs, input.loginCommand)
    try {
      return await deps.oidc.createToken({
        clientId: input.registration.clientId,
        clientSecret: input.registration.clientSecret,
        grantType: 'authorization_code',
        code,
        codeVerifier: verifier,
        redirectUri,
      })
    } catch (error) {
      throw toRemoteError(error, 'exchanging the sign-in code', `run \`${input.loginCommand}\` again`)
    }
  } finally {
    await callback.close()
  }
}

interface CallbackServer {
  port: number
  code: Promise<string>
  close(): Promise<void>
}

async function startCallbackServer(expectedState: string): Promise<CallbackServer> {
  let settle!: { resolve: (code: string) => void; reject: (error: Error) => void }
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }))
  code.catch(() => undefined) // handled by the awaiting caller
  let port = 0
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // Why: only the browser on this machine, addressing us by IP, may complete the sign-in;
    // a different Host means DNS rebinding or a stray request.
    if (req.headers.host !== `127.0.0.1:${port}`) return reply(res, 400, 'Bad Host header.')
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) return reply(res, 404, 'Not found.')
    // Constant-time comparison, so the state check leaks nothing through timing.
    if (!secretEquals(url.searchParams.get('state') ?? '', expectedState))
      return reply(res, 400, 'This sign-in response does not belong to this login.')
    const error = url.searchParams.get('error')
    if (error) {
      reply(res, 200, 'Sign-in was not completed. You can close this tab.')
      return settle.reject(
        new AuthError(
          error === 'access_denied'
            ? 'The sign-in request was denied in the browser.'
            : `Sign-in failed (${error}).`,
          { code: 'SignInFailed' },
        ),
      )
    }
    const value = url.searchParams.get('code')
    if (!value) return reply(res, 400, 'The sign-in response has no code.')
    reply(res, 200, 'Signed in. You can close this tab and return to the terminal.')
    settle.resolve(value)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new LocalEnvError('Cannot listen on 127.0.0.1 for the sign-in redirect.', {
          cause: error,
          hint: 'Use `secrets login --no-browser`.',
        }),
      ),
    )
    server.listen(0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    port,
    code,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'close',
  })
  res.end(`${text}\n`)
}

async function withTimeout(code: Promise<string>, ms: number, loginCommand: string): Promise<string> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new AuthError(`No sign-in response from the browser within ${Math.round(ms / 1000)} s.`, {
            hint: `run \`${loginCommand} --no-browser\` to use a code instead`,
            code: 'SignInTimeout',
          }),
        ),
      ms,
    )
  })
  try {
    return await Promise.race([code, timeout])
  } catch (error) {
    if (error instanceof AuthError && !error.hint)
      throw new AuthError(error.message, { hint: `run \`${loginCommand}\` again`, code: error.code })
    throw error
  } finally {
    clearTimeout(timer)
  }
}
