/**
 * sso: IAM Identity Center sign-in — profiles, the keychain session, role credentials, the
 * role picker (through the HumanOutput port). May import: shared, and the keychain area
 * through its index.ts.
 */
import type { LoginInput, LoginResult } from './login.js'
import type { LogoutInput, LogoutResult } from './logout.js'
import type { CredentialsInput } from './role-credentials.js'
import type { SsoDeps } from './sso-deps.js'
import type { CallerIdentity, WhoamiResult } from './whoami.js'

export {
  parseAwsConfig,
  readAwsConfig,
  awsConfigPath,
  type AwsConfigFile,
} from '../../shared/aws-config-file.js'
export {
  resolveSsoProfile,
  parseScopes,
  profileNotFound,
  noCredentials,
  type SsoProfile,
  type SsoOverrides,
} from './sso-profile.js'
export {
  tokenState,
  parseSession,
  registrationUsable,
  credentialsFresh,
  type SsoSession,
  type RoleCredentials,
} from './sso-session.js'
export { browserTimeoutMs, chooseLoginFlow, type LoginFlow } from './login-flow.js'
export { loadSsoProfile } from './sso-profile.js'
export type { LoginResult, LoginInput } from './login.js'
export type { LogoutResult, LogoutInput } from './logout.js'
export type { CallerIdentity, WhoamiResult } from './whoami.js'
export {
  profileCredentials,
  sessionCredentials,
  chooseRole,
  type CredentialsInput,
} from './role-credentials.js'
export { toCredentialProcess, type CredentialProcessOutput } from './credential-process.js'
export { awsEnvFor, type AwsEnv } from './aws-env.js'
export { ssoDeps, type SsoDeps } from './sso-deps.js'
export type { RoleChoice } from './role-choice.js'

// Sign-in, sign-out and whoami are loaded when called: the flows pull in
// an HTTP server (PKCE redirect), the OIDC client and STS, none of which `secrets credentials`
// with cached role credentials needs on its every-AWS-call path (issue #12).

/** Signs in to a profile's sso-session (see login.ts). */
export async function login(input: LoginInput, deps: SsoDeps): Promise<LoginResult> {
  return (await import('./login.js')).login(input, deps)
}

/** Forgets sessions and cached role credentials (see logout.ts). */
export async function logout(input: LogoutInput, deps: SsoDeps): Promise<LogoutResult> {
  return (await import('./logout.js')).logout(input, deps)
}

/** The caller identity of a profile's role credentials plus session facts (see whoami.ts). */
export async function whoami(
  input: CredentialsInput,
  deps: SsoDeps & { callerIdentity?: CallerIdentity },
): Promise<WhoamiResult> {
  return (await import('./whoami.js')).whoami(input, deps)
}

/** STS GetCallerIdentity with given credentials (see whoami.ts). */
export function stsCallerIdentity(env: NodeJS.ProcessEnv): CallerIdentity {
  return async (credentials, region) =>
    (await import('./whoami.js')).stsCallerIdentity(env)(credentials, region)
}
