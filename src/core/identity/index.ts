/**
 * identity: as whom AWS calls are made for a profile (resolveAwsContext), what kind of
 * profile it is (the one SSO rule), and the access keys `secrets add-key` stores.
 * May import: shared, and the keychain and sso areas through their index.ts.
 */
import type { AwsContext } from '../../shared/aws-config.js'
import type { Keychain } from '../keychain/index.js'
import type { AwsEnv } from '../sso/index.js'
import type { IdentityDeps } from './types.js'

export type { IdentityDeps, CredentialsProvider } from './types.js'
export {
  parseAccessKeyLines,
  parseStoredAccessKey,
  profilesWithStoredKeys,
  readStoredAccessKey,
  serializeAccessKey,
  validateAccessKeyId,
  validateSecretAccessKey,
} from './stored-access-key.js'
export type { StoredAccessKey } from './stored-access-key.js'
export {
  awsConfigFile,
  hasOwnCredentialSource,
  isSsoProfile,
  parseProfileSettings,
  readProfileSettings,
  regionFor,
} from './aws-profile.js'
export type { ProfileSettings } from './aws-profile.js'
export { addAccessKey, validateProfileName } from './add-access-key.js'
export type { AddAccessKeyInput, AddAccessKeyResult, AddAccessKeyDeps } from './add-access-key.js'

/**
 * The environment that gives a `run --aws-env` child the caller's AWS identity. Loaded on
 * demand: it pulls in the SSO area, which plain runs never need.
 */
export async function childAwsEnv(
  input: ResolveAwsContextInput,
  deps: ResolveAwsContextDeps,
): Promise<AwsEnv> {
  return (await import('./child-aws-env.js')).childAwsEnv(input, deps)
}

export interface ResolveAwsContextInput {
  /** `--profile` (or the project's `profile`); undefined → the AWS SDK's default chain. */
  profile?: string
  region?: string
}

export interface ResolveAwsContextDeps {
  env: NodeJS.ProcessEnv
  keychain: () => Keychain
}

/**
 * Returns where and as whom AWS calls are made. Without a profile: the SDK's default chain
 * (env keys, AWS_PROFILE, web identity, ...). With a profile, first match wins:
 * 1. an access key stored in the keychain with `secrets add-key` → temporary STS session
 *    credentials derived from it (the long-term key itself is never used for calls);
 * 2. an IAM Identity Center profile → role credentials from the keychain SSO session;
 * 3. anything else the AWS SDK understands for that profile in ~/.aws/config.
 */
export async function resolveAwsContext(
  input: ResolveAwsContextInput,
  deps: ResolveAwsContextDeps,
): Promise<AwsContext> {
  const base: AwsContext = {
    ...(input.region ? { region: input.region } : {}),
    ...(input.profile ? { profile: input.profile } : {}),
  }
  if (!input.profile) return base
  const identityDeps: IdentityDeps = { env: deps.env, keychain: deps.keychain }
  // Imported on demand: every command loads this module, few need an AWS identity.
  const [{ accessKeySessionCredentials }, { ssoRoleCredentials }] = await Promise.all([
    import('./access-key-session.js'),
    import('./sso-role-credentials.js'),
  ])
  const fromKey = await accessKeySessionCredentials(input.profile, identityDeps)
  if (fromKey) return { ...base, credentials: fromKey }
  const fromSso = await ssoRoleCredentials(input.profile, identityDeps)
  if (fromSso) return { ...base, credentials: fromSso }
  const { fromIni } = await import('@aws-sdk/credential-providers')
  return { ...base, credentials: fromIni({ profile: input.profile }) }
}

/** The command that gets fresh credentials for a profile. */
export function loginHintFor(profile: string | undefined): string {
  return profile
    ? `run \`secrets login --profile ${profile}\``
    : 'refresh your AWS credentials (or use --profile with `secrets login`)'
}
