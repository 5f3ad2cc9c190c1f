import type { AwsCredentialIdentity } from '@aws-sdk/types'

/** Environment changes that give a child process an AWS identity. */
export interface AwsEnv {
  set: Record<string, string>
  /** Variables to remove, so no profile or stale token overrides the injected keys. */
  unset: string[]
}

/**
 * The env vars for `secrets run --aws-env`: the role credentials, their expiry and the region,
 * and which inherited variables to drop (a leftover AWS_PROFILE would make SDKs ignore the keys
 * or mix identities). Pure: the caller applies it to the child's environment.
 */
export function awsEnvFor(credentials: AwsCredentialIdentity, region: string | undefined): AwsEnv {
  const set: Record<string, string> = {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  }
  const unset = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SECURITY_TOKEN']
  if (credentials.sessionToken) set.AWS_SESSION_TOKEN = credentials.sessionToken
  else unset.push('AWS_SESSION_TOKEN')
  if (credentials.expiration) set.AWS_CREDENTIAL_EXPIRATION = credentials.expiration.toISOString()
  else unset.push('AWS_CREDENTIAL_EXPIRATION')
  if (region) {
    set.AWS_REGION = region
    // The AWS CLI v1 and older SDKs read only AWS_DEFAULT_REGION.
    set.AWS_DEFAULT_REGION = region
  }
  return { set, unset }
}
