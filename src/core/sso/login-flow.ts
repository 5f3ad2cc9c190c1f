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
