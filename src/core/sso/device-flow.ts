import { AuthError, RemoteError } from '../../shared/errors.js'
import { toRemoteError } from '../../shared/aws-errors.js'
import { oidcErrorKind, type OidcClient } from './oidc-client.js'
import { DEVICE_CODE_GRANT, type ClientRegistration } from './sso-session.js'

export interface DeviceFlowDeps {
  oidc: OidcClient
  now: () => Date
  sleep: (ms: number) => Promise<void>
  /** Shows the user where to go (stderr in production). */
  notify: (message: string) => void
  /** Opens the verification page when a browser is available (best effort). */
  openUrl?: (url: string) => Promise<void>
}

export interface DeviceFlowInput {
  registration: ClientRegistration
  startUrl: string
  loginCommand: string
}

/** RFC 8628 §3.5: slow_down increases the polling interval by 5 seconds. */
export const SLOW_DOWN_STEP_S = 5
const DEFAULT_INTERVAL_S = 5

/** What the poller does after one CreateToken failure: a pure decision, table-tested. */
export type PollStep = { action: 'wait'; intervalS: number } | { action: 'fail'; reason: string }

/** Decides the next polling step from the OAuth error of one CreateToken attempt. */
export function nextPollStep(kind: string, intervalS: number): PollStep {
  switch (kind) {
    case 'authorization_pending':
      return { action: 'wait', intervalS }
    case 'slow_down':
      return { action: 'wait', intervalS: intervalS + SLOW_DOWN_STEP_S }
    case 'expired_token':
      return { action: 'fail', reason: 'The sign-in code expired before it was approved.' }
    case 'access_denied':
      return { action: 'fail', reason: 'The sign-in request was denied in the browser.' }
    case 'invalid_grant':
      return { action: 'fail', reason: 'IAM Identity Center rejected the sign-in code (invalid_grant).' }
    default:
      return { action: 'fail', reason: '' }
  }
}

/**
 * Signs in with the OAuth device authorization grant (RFC 8628): shows the verification URL
 * and user code, then polls CreateToken every `interval` seconds until approved, denied or
 * expired. Returns the token response.
 */
export async function runDeviceFlow(input: DeviceFlowInput, deps: DeviceFlowDeps) {
  const { registration } = input
  let auth
  try {
    auth = await deps.oidc.startDeviceAuthorization({
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      startUrl: input.startUrl,
    })
  } catch (error) {
    throw toRemoteError(error, 'starting the device sign-in')
  }
  const url = auth.verificationUriComplete ?? auth.verificationUri
  deps.notify(
    `To sign in, open this URL in a browser and confirm the code:\n\n  ${url}\n\n  Code: ${auth.userCode}\n\n` +
      `Waiting for you to approve in the browser (code expires in ${Math.max(1, Math.round(auth.expiresIn / 60))} min; Ctrl-C to cancel).\n`,
  )
  if (deps.openUrl) await deps.openUrl(url).catch(() => undefined)
  const deadline = deps.now().getTime() + auth.expiresIn * 1000
  let intervalS = auth.interval && auth.interval > 0 ? auth.interval : DEFAULT_INTERVAL_S
  // Bounded: the code expires, and each round waits at least one second.
  for (let round = 0; round < 100_000; round++) {
    await deps.sleep(intervalS * 1000)
    try {
      return await deps.oidc.createToken({
        clientId: registration.clientId,
        clientSecret: registration.clientSecret,
        grantType: DEVICE_CODE_GRANT,
        deviceCode: auth.deviceCode,
      })
    } catch (error) {
      const step = nextPollStep(oidcErrorKind(error), intervalS)
      if (step.action === 'fail') {
        if (!step.reason) throw toRemoteError(error, 'waiting for the device sign-in')
        throw new AuthError(step.reason, {
          hint: `run \`${input.loginCommand}\` again`,
          code: 'SignInFailed',
        })
      }
      intervalS = step.intervalS
    }
    if (deps.now().getTime() >= deadline)
      throw new AuthError('The sign-in code expired before it was approved.', {
        hint: `run \`${input.loginCommand}\` again`,
        code: 'SignInFailed',
      })
  }
  throw new RemoteError('Device sign-in did not complete.', { hint: `run \`${input.loginCommand}\` again` })
}
