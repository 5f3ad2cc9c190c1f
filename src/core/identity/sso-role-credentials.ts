import { readAwsConfig } from '../../shared/aws-config-file.js'
import { chooseRole, resolveSsoProfile, sessionCredentials, ssoDeps } from '../sso/index.js'
import type { CredentialsProvider, IdentityDeps } from './types.js'

/**
 * Credentials for an IAM Identity Center profile: role credentials from the SSO session in
 * the keychain (cached role credentials, else GetRoleCredentials with the access token,
 * refreshed silently). Undefined when the profile is not an SSO profile. When sign-in is
 * needed the provider throws AuthError with the hint `secrets login --profile P`.
 */
export async function ssoRoleCredentials(
  profile: string,
  deps: IdentityDeps,
): Promise<CredentialsProvider | undefined> {
  const sso = resolveSsoProfile(await readAwsConfig(deps.env), profile)
  if (!sso) return undefined
  const sdeps = ssoDeps({ env: deps.env, keychain: deps.keychain }, deps.now ? { now: deps.now } : {})
  return async () => {
    const role = await chooseRole(sso, {}, sdeps, sso.loginCommand)
    const { credentials } = await sessionCredentials(sso, role, sdeps)
    return {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration: new Date(credentials.expiration),
    }
  }
}
