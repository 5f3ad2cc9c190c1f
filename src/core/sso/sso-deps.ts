import { silentHumanOutput, type HumanOutput } from '../../shared/human-output.js'
import type { Keychain } from '../keychain/index.js'
import type { OidcClient } from './oidc-client.js'
import { sdkOidcClient } from './oidc-client.js'
import type { PortalClient } from './portal-client.js'
import { sdkPortalClient } from './portal-client.js'

/** The ports every SSO operation uses. Production defaults come from `ssoDeps`. */
export interface SsoDeps {
  env: NodeJS.ProcessEnv
  keychain: () => Keychain
  oidc: (region: string) => OidcClient
  portal: (region: string) => PortalClient
  now: () => Date
  sleep: (ms: number) => Promise<void>
  /**
   * The human: notices (where to sign in, what was revoked) and the role picker
   * (`prompt.choose`; without a prompt a role that must be chosen is an error listing choices).
   */
  human: HumanOutput
  openUrl: (url: string) => Promise<void>
  /** How long `login` waits for the browser redirect (ms). */
  browserTimeoutMs?: number
}

/** Builds production SSO deps around the environment and keychain; `overrides` replace ports. */
export function ssoDeps(
  base: { env: NodeJS.ProcessEnv; keychain: () => Keychain },
  overrides: Partial<SsoDeps> = {},
): SsoDeps {
  return {
    env: base.env,
    keychain: base.keychain,
    oidc: (region) => sdkOidcClient(region, base.env),
    portal: (region) => sdkPortalClient(region, base.env),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    human: silentHumanOutput(),
    openUrl: async (url) => (await import('./open-url.js')).openUrl(url, base.env),
    ...overrides,
  }
}
