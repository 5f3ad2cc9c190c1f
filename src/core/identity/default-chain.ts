import { readAwsConfig } from '../../shared/aws-config-file.js'
import { errorName } from '../../shared/errors.js'
import { noCredentials } from '../sso/index.js'
import type { CredentialsProvider } from './types.js'

/**
 * The AWS SDK's default chain (environment keys, [default], web identity, container, EC2)
 * for an invocation that names no profile, with one change: when no source has credentials,
 * the failure is the project's "No AWS credentials" (listing the profiles there are), not an
 * SDK error read as "AWS rejected the credentials": nothing was sent to AWS.
 */
export function defaultChainCredentials(env: NodeJS.ProcessEnv): CredentialsProvider {
  let chain: CredentialsProvider | undefined
  return async (options) => {
    const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers')
    chain ??= fromNodeProviderChain()
    try {
      return await chain(options)
    } catch (error) {
      if (isNoSource(error)) throw noCredentials(await readAwsConfig(env), env)
      throw error
    }
  }
}

/** The chain's own "no provider had credentials" (as opposed to a source that failed). */
export function isNoSource(error: unknown): boolean {
  return (
    errorName(error) === 'CredentialsProviderError' &&
    /Could not load credentials from any providers/i.test((error as Error).message)
  )
}
