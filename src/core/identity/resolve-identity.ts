import type { AwsContext } from '../../shared/aws-config.js'
import { readAwsConfig, readAwsCredentials } from '../../shared/aws-config-file.js'
import { profileNotFound } from '../sso/index.js'
import { accessKeySessionCredentials } from './access-key-session.js'
import { ssoRoleCredentials } from './sso-role-credentials.js'
import type { IdentityDeps } from './types.js'

/** Which kind of identity a profile resolved to, as `whoami` reports it. */
export type IdentityKind = 'sso-role' | 'stored-access-key' | 'sdk-chain'

export interface ResolvedIdentity {
  kind: IdentityKind
  context: AwsContext
}

/**
 * The one identity resolution for every command that takes `--profile`. First match wins:
 * 1. an access key stored with `secrets add-key` → STS session credentials derived from it;
 * 2. an IAM Identity Center profile → role credentials from the keychain SSO session;
 * 3. a profile the AWS files define → whatever the AWS SDK does for it;
 * and a profile none of these knows is a UsageError naming the config file and listing the
 * profiles in it (rather than an SDK error read as "AWS rejected the credentials").
 * Without a profile: the SDK's default chain.
 */
export async function resolveIdentity(
  input: { profile?: string; region?: string },
  deps: IdentityDeps,
): Promise<ResolvedIdentity> {
  const base: AwsContext = {
    ...(input.region ? { region: input.region } : {}),
    ...(input.profile ? { profile: input.profile } : {}),
  }
  if (!input.profile) return { kind: 'sdk-chain', context: base }
  const fromKey = await accessKeySessionCredentials(input.profile, deps)
  if (fromKey) return { kind: 'stored-access-key', context: { ...base, credentials: fromKey } }
  const fromSso = await ssoRoleCredentials(input.profile, deps)
  if (fromSso) return { kind: 'sso-role', context: { ...base, credentials: fromSso } }
  const [config, credentials] = await Promise.all([readAwsConfig(deps.env), readAwsCredentials(deps.env)])
  if (!config.profiles[input.profile] && !credentials.profiles[input.profile])
    throw profileNotFound(config, input.profile, 'flag', deps.env)
  const { fromIni } = await import('@aws-sdk/credential-providers')
  return { kind: 'sdk-chain', context: { ...base, credentials: fromIni({ profile: input.profile }) } }
}
