import { toRemoteError } from '../../shared/aws-errors.js'
import { readAwsConfig } from '../../shared/aws-config-file.js'
import { UsageError } from '../../shared/errors.js'
import {
  noCredentials,
  profileCredentials as ssoProfileCredentials,
  stsCallerIdentity,
  whoami as ssoWhoami,
  type CallerIdentity,
  type SsoDeps,
  type SsoOverrides,
} from '../sso/index.js'
import { contextCredentials } from './context-credentials.js'
import { loginHintFor } from './index.js'
import { readStoredAccessKey } from './stored-access-key.js'
import { resolveIdentity, type IdentityKind } from './resolve-identity.js'
import { regionFor } from './aws-profile.js'

export interface WhoamiInput extends SsoOverrides {
  profile?: string
  region?: string
}

export type WhoamiDeps = SsoDeps & { callerIdentity?: CallerIdentity }

/** Credentials as `credential_process` prints them. */
export interface RoleCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  expiration: string
}

/**
 * Who the profile's credentials are, per STS, and which kind of identity gave them; no secret
 * fields. SSO facts are null for other kinds; `storedKeyId` (the id only) for a stored key.
 */
export interface WhoamiResult {
  identity: IdentityKind
  account: string
  arn: string
  userId: string
  profile: string | null
  ssoSession: string | null
  startUrl: string | null
  accountId: string | null
  roleName: string | null
  storedKeyId: string | null
  sessionExpiresAt: string | null
  credentialsExpireAt: string | null
}

/**
 * The profile `whoami` and `credentials` use: --profile, else AWS_PROFILE, else `default`
 * when the AWS files have one; undefined means the SDK's default chain (environment keys).
 */
async function profileFor(input: WhoamiInput, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (input.profile) return input.profile
  if (env.AWS_PROFILE) return env.AWS_PROFILE
  const { readAwsCredentials } = await import('../../shared/aws-config-file.js')
  const [config, credentials] = await Promise.all([readAwsConfig(env), readAwsCredentials(env)])
  return config.profiles.default || credentials.profiles.default ? 'default' : undefined
}

/** `whoami` through the one identity resolution: SSO role, stored access key or SDK chain. */
export async function whoami(input: WhoamiInput, deps: WhoamiDeps): Promise<WhoamiResult> {
  const profile = input.startUrl ? input.profile : await profileFor(input, deps.env)
  const resolved = input.startUrl
    ? { kind: 'sso-role' as const, context: {} }
    : await resolveIdentity({ ...(profile ? { profile } : {}) }, deps)
  if (resolved.kind === 'sso-role') {
    const sso = await ssoWhoami({ ...input, ...(profile ? { profile } : {}) }, deps)
    return { identity: 'sso-role', storedKeyId: null, ...sso }
  }
  const credentials = await contextCredentials(
    resolved.context,
    `getting AWS credentials for ${profile ? `profile ${profile}` : 'the default chain'}`,
    loginHintFor(profile),
    deps.env,
  )
  const settings = profile ? (await readAwsConfig(deps.env)).profiles[profile] : undefined
  const region = input.region ?? regionFor(deps.env, settings)
  const caller = deps.callerIdentity ?? stsCallerIdentity(deps.env)
  let identity
  try {
    identity = await caller(credentials, region)
  } catch (error) {
    throw toRemoteError(error, 'calling STS GetCallerIdentity', loginHintFor(profile))
  }
  const stored =
    resolved.kind === 'stored-access-key' && profile
      ? await readStoredAccessKey(deps.keychain(), profile)
      : undefined
  return {
    identity: resolved.kind,
    ...identity,
    profile: profile ?? null,
    ssoSession: null,
    startUrl: null,
    accountId: null,
    roleName: null,
    storedKeyId: stored?.accessKeyId ?? null,
    sessionExpiresAt: null,
    credentialsExpireAt: credentials.expiration ? credentials.expiration.toISOString() : null,
  }
}

/**
 * Credentials for `credential_process`: SSO role credentials, or the STS session of a stored
 * access key (never the long-term key itself). A profile the AWS files serve on their own is
 * refused: the AWS tools read it directly, and pointing it at itself would loop.
 */
export async function profileCredentials(input: WhoamiInput, deps: WhoamiDeps): Promise<RoleCredentials> {
  const profile = input.startUrl ? input.profile : await profileFor(input, deps.env)
  const resolved = input.startUrl
    ? { kind: 'sso-role' as const, context: {} }
    : profile
      ? await resolveIdentity({ profile }, deps)
      : undefined
  if (resolved?.kind === 'sso-role')
    return (await ssoProfileCredentials({ ...input, ...(profile ? { profile } : {}) }, deps)).credentials
  const provider = resolved?.context.credentials
  if (!profile) throw noCredentials(await readAwsConfig(deps.env), deps.env)
  if (resolved?.kind !== 'stored-access-key' || typeof provider !== 'function')
    throw new UsageError(`Profile ${profile} gets its credentials from the AWS files, not from secrets.`, {
      hint: `Use profile ${profile} with the AWS tools directly; \`secrets credentials\` serves IAM Identity Center profiles and keys stored with \`secrets add-key\`.`,
      code: 'NotSecretsProfile',
    })
  let credentials
  try {
    credentials = await provider()
  } catch (error) {
    throw toRemoteError(error, `getting a session for profile ${profile}`, loginHintFor(profile))
  }
  return {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken ?? '',
    expiration: (credentials.expiration ?? new Date()).toISOString(),
  }
}
