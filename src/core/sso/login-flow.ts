import { parseDuration } from '../../shared/duration.js'
import { UsageError } from '../../shared/errors.js'

/** Which interactive sign-in `login` uses. */
export type LoginFlow = 'browser' | 'device'

/**
 * Chooses between the browser (authorization code + PKCE, loopback redirect) and the device
 * flow: the device flow when asked for, or when no local browser can complete a loopback
 * redirect — over SSH, in CI, or on a Unix desktop-less session without DISPLAY/WAYLAND_DISPLAY
 * (unless $BROWSER names a browser).
 */
export function chooseLoginFlow(
  flags: { noBrowser?: boolean; deviceCode?: boolean },
  env: NodeJS.ProcessEnv,
  platform: string,
): { flow: LoginFlow; reason: string; notice?: string } {
  const { flow, reason } = decideFlow(flags, env, platform)
  // Said only for a flow the user did not ask for; `login` tells it once the profile resolved.
  if (flow === 'device' && reason !== 'requested')
    return {
      flow,
      reason,
      notice: `Using the device code flow (${reason}); set BROWSER to use a browser here.`,
    }
  return { flow, reason }
}

function decideFlow(
  flags: { noBrowser?: boolean; deviceCode?: boolean },
  env: NodeJS.ProcessEnv,
  platform: string,
): { flow: LoginFlow; reason: string } {
  if (flags.noBrowser || flags.deviceCode) return { flow: 'device', reason: 'requested' }
  if (env.BROWSER) return { flow: 'browser', reason: '$BROWSER is set' }
  if (isSet(env.CI)) return { flow: 'device', reason: 'CI detected' }
  if (env.SSH_CONNECTION || env.SSH_CLIENT || env.SSH_TTY)
    return { flow: 'device', reason: 'SSH session detected' }
  if (platform === 'darwin' || platform === 'win32') return { flow: 'browser', reason: 'desktop' }
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return { flow: 'browser', reason: 'display available' }
  return { flow: 'device', reason: 'no display detected' }
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false'
}

/**
 * How long the browser flow waits for the redirect: `--browser-timeout`, else
 * `SECRETS_BROWSER_TIMEOUT`, else 5 minutes (durations like 90s, 10m); 1 s to 1 h.
 */
export function browserTimeoutMs(flag: string | undefined, env: NodeJS.ProcessEnv): number {
  const [text, name] = flag
    ? [flag, '--browser-timeout']
    : env.SECRETS_BROWSER_TIMEOUT
      ? [env.SECRETS_BROWSER_TIMEOUT, 'SECRETS_BROWSER_TIMEOUT']
      : ['5m', 'default']
  const ms = parseDuration(text, name)
  if (ms < MIN_BROWSER_TIMEOUT_MS || ms > MAX_BROWSER_TIMEOUT_MS)
    throw new UsageError(`${name} ${text} is out of range.`, {
      hint: 'Use a duration from 1s to 1h (e.g. 90s, 10m).',
      code: 'BadBrowserTimeout',
    })
  return ms
}

const MIN_BROWSER_TIMEOUT_MS = 1_000
const MAX_BROWSER_TIMEOUT_MS = 3_600_000
