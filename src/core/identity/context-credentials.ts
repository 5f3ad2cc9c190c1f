import type { AwsCredentialIdentity } from '@aws-sdk/types'
import type { AwsContext } from '../../shared/aws-config.js'
import { toRemoteError } from '../../shared/aws-errors.js'

/**
 * The credentials an AWS context stands for, resolved now: its own provider (an SSO role, a
 * stored key's STS session) or else the SDK's default chain. A failure becomes a RemoteError
 * saying what they were for, with the sign-in hint given.
 */
export async function contextCredentials(
  context: AwsContext,
  purpose: string,
  loginHint: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AwsCredentialIdentity> {
  let provider = context.credentials
  if (!provider) {
    const { defaultChainCredentials } = await import('./default-chain.js')
    provider = defaultChainCredentials(env)
  }
  try {
    return typeof provider === 'function' ? await provider() : provider
  } catch (error) {
    throw toRemoteError(error, purpose, loginHint)
  }
}
