/**
 * sso: IAM Identity Center sign-in — profiles, the keychain session, role credentials, the
 * role picker (through the HumanOutput port). May import: shared, and the keychain area
 * through its index.ts.
 */
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
  type SsoProfile,
  type SsoOverrides,
} from './sso-profile.js'
export {
  tokenState,
  registrationUsable,
  credentialsFresh,
  type SsoSession,
  type RoleCredentials,
} from './sso-session.js'
export { browserTimeoutMs, chooseLoginFlow, type LoginFlow } from './login-flow.js'
export { login, loadSsoProfile, type LoginResult, type LoginInput } from './login.js'
export { logout, type LogoutResult, type LogoutInput } from './logout.js'
export {
  whoami,
  profileCredentials,
  stsCallerIdentity,
  type CallerIdentity,
  type WhoamiResult,
  type CredentialsInput,
} from './whoami.js'
export { toCredentialProcess, type CredentialProcessOutput } from './credential-process.js'
export { awsEnvFor, type AwsEnv } from './aws-env.js'
export { ssoDeps, type SsoDeps } from './sso-deps.js'
export { pickRole, rolePickerConfig } from './role-picker.js'
export { sessionCredentials, chooseRole } from './role-credentials.js'
export { usableAccessToken } from './access-token.js'
export type { RoleChoice } from './role-choice.js'
