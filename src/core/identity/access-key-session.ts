import type { CredentialsProvider, IdentityDeps } from './types.js'

/**
 * Credentials for a profile whose IAM user access key was stored with `secrets add-key`:
 * temporary STS session credentials derived from it. Undefined when no key is stored.
 * (Implemented with `secrets rotate`, issue #6.)
 */
export async function accessKeySessionCredentials(
  _profile: string,
  _deps: IdentityDeps,
): Promise<CredentialsProvider | undefined> {
  return undefined
}
