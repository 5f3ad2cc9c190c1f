import type { AwsContext } from '../../shared/aws-config.js'
import type { Keychain } from '../keychain/index.js'

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
 * (env keys, AWS_PROFILE, web identity, ...). With a profile: the profile's credentials
 * through the SDK's shared-config provider.
 */
export async function resolveAwsContext(
  input: ResolveAwsContextInput,
  _deps: ResolveAwsContextDeps,
): Promise<AwsContext> {
  const region = input.region
  if (!input.profile) return region ? { region } : {}
  const { fromIni } = await import('@aws-sdk/credential-providers')
  return { ...(region ? { region } : {}), credentials: fromIni({ profile: input.profile }) }
}

/** The command that gets fresh credentials for a profile. */
export function loginHintFor(profile: string | undefined): string {
  return profile
    ? `run \`secrets login --profile ${profile}\``
    : 'refresh your AWS credentials (or use --profile with `secrets login`)'
}
