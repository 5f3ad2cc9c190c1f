import type { CredentialsProvider, IdentityDeps } from './types.js'

/**
 * Credentials for an IAM Identity Center profile: role credentials from the SSO session in
 * the keychain. Undefined when the profile is not an SSO profile.
 * (Implemented with `secrets login`, issue #3.)
 */
export async function ssoRoleCredentials(
  _profile: string,
  _deps: IdentityDeps,
): Promise<CredentialsProvider | undefined> {
  return undefined
}
