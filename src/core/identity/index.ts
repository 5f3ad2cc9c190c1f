/**
 * identity: as whom AWS calls are made for a profile (resolveAwsContext), what kind of
 * profile it is (the one SSO rule), and the access keys `secrets add-key` stores.
 * May import: shared, and the keychain and sso areas through their index.ts.
 */
import type { AwsContext } from '../../shared/aws-config.js'
import type { Keychain } from '../keychain/index.js'
import type { AwsEnv } from '../sso/index.js'
import type { IdentityDeps } from './types.js'
import type { IdentityKind } from './resolve-identity.js'
import type { RoleCredentials, WhoamiDeps, WhoamiInput, WhoamiResult } from './whoami.js'

export type { IdentityDeps, CredentialsProvider } from './types.js'
export type { IdentityKind } from './resolve-identity.js'
export type { WhoamiDeps, WhoamiInput, WhoamiResult } from './whoami.js'
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
 * Returns where and as whom AWS calls are made (see `resolveIdentity`, the one resolution:
 * a stored access key, else an SSO profile, else what the AWS files define; an unknown
 * profile is a UsageError listing the known ones; no profile: the SDK's default chain).
 */
export async function resolveAwsContext(
  input: ResolveAwsContextInput,
  deps: ResolveAwsContextDeps,
): Promise<AwsContext> {
  if (!input.profile) {
    const { defaultChainCredentials } = await import('./default-chain.js')
    const credentials = defaultChainCredentials(deps.env)
    return input.region ? { region: input.region, credentials } : { credentials }
  }
  // Imported on demand: every command loads this module, few need an AWS identity.
  const { resolveIdentity } = await import('./resolve-identity.js')
  return (await resolveIdentity(input, { env: deps.env, keychain: deps.keychain })).context
}

/** The kind of identity a profile resolves to, and its AWS context (for `whoami`). */
export async function resolveIdentity(
  input: ResolveAwsContextInput,
  deps: IdentityDeps,
): Promise<{ kind: IdentityKind; context: AwsContext }> {
  return (await import('./resolve-identity.js')).resolveIdentity(input, deps)
}

/** `secrets whoami` for any profile: SSO role, stored access key or the SDK chain. */
export async function whoami(input: WhoamiInput, deps: WhoamiDeps): Promise<WhoamiResult> {
  return (await import('./whoami.js')).whoami(input, deps)
}

/** `secrets credentials` (credential_process) for SSO and stored-key profiles. */
export async function profileCredentials(input: WhoamiInput, deps: WhoamiDeps): Promise<RoleCredentials> {
  return (await import('./whoami.js')).profileCredentials(input, deps)
}

/** The command that gets fresh credentials for a profile. */
export function loginHintFor(profile: string | undefined): string {
  return profile
    ? `run \`secrets login --profile ${profile}\``
    : 'refresh your AWS credentials (or use --profile with `secrets login`)'
}

/** The AWS account a profile acts in (STS GetCallerIdentity), for naming the team store. */
export async function callerAccount(
  input: ResolveAwsContextInput,
  deps: ResolveAwsContextDeps,
): Promise<string> {
  return (await import('./caller-account.js')).callerAccount(input, deps)
}
