import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { toRemoteError } from '../../shared/aws-errors.js'
import { AuthError, LocalEnvError } from '../../shared/errors.js'
import { oidcErrorDescription, oidcErrorKind, type OidcClient } from './oidc-client.js'
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

/** The browser could not be started: `login` falls back to the device flow at once. */
export class BrowserNotStarted extends LocalEnvError {
  constructor(cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause)
    super(`Could not start a browser (${why}).`, {
      cause,
      hint: 'Set BROWSER to a browser command (`%s` stands for the URL), or use `secrets login --no-browser`.',
      code: 'BrowserNotStarted',
    })
  }
}

/**
 * Signs in with the authorization code grant + PKCE: a one-shot HTTP server on 127.0.0.1
 * (random port) receives the browser's redirect; the code is exchanged with the verifier,
 * and only then does the browser get its answer, so the tab tells the same outcome as the
 * terminal. The server checks the Host header and compares `state` in constant time, and is
 * closed on every exit path. When no browser starts, BrowserNotStarted is thrown at once.
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
    // Not awaited before the code: a browser command may only return once the page loaded,
    // and the page is answered after the exchange. A browser that fails to start ends the wait.
    const notStarted = deps.openUrl(url).then(
      () => new Promise<never>(() => undefined),
      (error: unknown) => Promise.reject(new BrowserNotStarted(error)),
    )
    const code = await withTimeout(
      Promise.race([callback.code, notStarted]),
      deps.timeoutMs,
      input.loginCommand,
    )
    try {
      const tokens = await deps.oidc.createToken({
        clientId: input.registration.clientId,
        clientSecret: input.registration.clientSecret,
        grantType: 'authorization_code',
        code,
        codeVerifier: verifier,
        redirectUri,
      })
      callback.answer('done')
      return tokens
    } catch (error) {
      throw exchangeError(error, input.loginCommand)
    }
  } finally {
    await callback.close()
  }
}

/**
 * A failed code exchange: a code the service rejects (`invalid_grant`: expired, already used,
 * wrong verifier) is a sign-in failure (exit 3) with the service's own description; an
 * unknown client keeps its type so `login` can register again; the rest are remote errors.
 */
export function exchangeError(error: unknown, loginCommand: string): Error {
  const kind = oidcErrorKind(error)
  if (kind === 'invalid_grant' || kind === 'access_denied' || kind === 'expired_token') {
    const description = oidcErrorDescription(error)
    return new AuthError(
      `IAM Identity Center rejected the sign-in code (${kind}${description ? `: ${description}` : ''}).`,
      { hint: `run \`${loginCommand}\` again`, code: 'SignInFailed', cause: error },
    )
  }
  return toRemoteError(error, 'exchanging the sign-in code', `run \`${loginCommand}\` again`)
}

interface CallbackServer {
  port: number
  code: Promise<string>
  /** Answers the browser's held callback request with the outcome page. */
  answer(outcome: 'done' | 'failed'): void
  close(): Promise<void>
}

async function startCallbackServer(expectedState: string): Promise<CallbackServer> {
  let settle!: { resolve: (code: string) => void; reject: (error: Error) => void }
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }))
  code.catch(() => undefined) // handled by the awaiting caller
  let port = 0
  let held: ServerResponse | undefined
  let settled = false
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // Why: only the browser on this machine, addressing us by IP, may complete the sign-in;
    // a different Host means DNS rebinding or a stray request.
    if (req.headers.host !== `127.0.0.1:${port}`) return reply(res, 400, 'Bad request', 'Bad Host header.')
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH)
      return reply(res, 404, 'Not found', 'Nothing here.')
    // Constant-time comparison, so the state check leaks nothing through timing.
    if (!secretEquals(url.searchParams.get('state') ?? '', expectedState))
      return reply(res, 400, 'Bad request', 'This sign-in response does not belong to this login.')
    if (settled) return reply(res, 409, 'Already answered', 'This sign-in was already answered.')
    const error = url.searchParams.get('error')
    if (error) {
      settled = true
      reply(res, 200, PAGES.failed.title, PAGES.failed.text)
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
    if (!value) return reply(res, 400, 'Bad request', 'The sign-in response has no code.')
    settled = true
    held = res // answered once the code is exchanged
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
  const answer = (outcome: 'done' | 'failed') => {
    if (!held) return
    reply(held, 200, PAGES[outcome].title, PAGES[outcome].text)
    held = undefined
  }
  return {
    port,
    code,
    answer,
    close: () =>
      new Promise<void>((resolve) => {
        answer('failed') // a held browser learns the sign-in did not complete
        server.close(() => resolve())
        // Let the last page flush before dropping idle keep-alive sockets.
        setImmediate(() => server.closeAllConnections())
      }),
  }
}

/** What the browser tab says; the terminal says the details. No code or state is shown. */
const PAGES = {
  done: {
    title: 'Signed in - secrets',
    text: 'Signed in. You can close this tab and return to the terminal.',
  },
  failed: {
    title: 'Sign-in not completed - secrets',
    text: 'Sign-in was not completed. Return to the terminal for the reason and the next step.',
  },
} as const

/** Replaces the callback URL (code and state) in the address bar and history. */
const CLEAN_URL_SCRIPT = "history.replaceState(null, '', '/oauth/callback')"
const CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  `script-src 'sha256-${createHash('sha256').update(CLEAN_URL_SCRIPT).digest('base64')}'`,
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ')

/** The callback page: small self-contained HTML with a title; no external resources. */
export function callbackPage(title: string, text: string): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;margin:4em auto;max-width:32em;padding:0 1em}</style>',
    `<script>${CLEAN_URL_SCRIPT}</script>`,
    `</head><body><h1>${escapeHtml(title.replace(/ - secrets$/, ''))}</h1><p>${escapeHtml(text)}</p></body></html>`,
    '',
  ].join('\n')
}

function reply(res: ServerResponse, status: number, title: string, text: string): void {
  if (res.headersSent) return
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': CSP,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    connection: 'close',
  })
  res.end(callbackPage(title, text))
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

async function withTimeout(code: Promise<string>, ms: number, loginCommand: string): Promise<string> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new AuthError(`No sign-in response from the browser within ${Math.round(ms / 1000)} s.`, {
            hint: `run \`${loginCommand} --no-browser\` to use a code instead (or allow longer with --browser-timeout)`,
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
