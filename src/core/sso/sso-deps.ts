import type { Keychain } from '../keychain/index.js'
import type { OidcClient } from './oidc-client.js'
import { sdkOidcClient } from './oidc-client.js'
import type { PortalClient } from './portal-client.js'
import { sdkPortalClient } from './portal-client.js'
import { openUrl } from './open-url.js'
import type { RoleChoice } from './role-choice.js'

/** The ports every SSO operation uses. Production defaults come from `ssoDeps`. */
export interface SsoDeps {
  env: NodeJS.ProcessEnv
  keychain: () => Keychain
  oidc: (region: string) => OidcClient
  portal: (region: string) => PortalClient
  now: () => Date
  sleep: (ms: number) => Promise<void>
  /** Messages for the human (the command writes them to stderr). */
  notify: (message: string) => void
  openUrl: (url: string) => Promise<void>
  /** An interactive role picker; absent when there is no terminal. */
  pickRole?: (choices: RoleChoice[]) => Promise<RoleChoice>
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
    notify: () => undefined,
    openUrl: (url) => openUrl(url, base.env),
    ...overrides,
  }
}
