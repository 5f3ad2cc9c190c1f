import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types'

/** Where AWS calls go and as whom: what every AWS client in this project is built from. */
export interface AwsContext {
  /** Explicit region; otherwise the SDK's chain (AWS_REGION, the profile's `region`). */
  region?: string
  /** The shared-config profile, so the SDK reads that profile's `region` and settings. */
  profile?: string
  /** Explicit credentials (e.g. an SSO role session); otherwise the SDK's default chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider
}

/**
 * Returns the client configuration shared by all our AWS clients: adaptive retry (client
 * side rate limiting on throttling), and nothing that bypasses the SDK's own resolution of
 * endpoints (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`), region and credentials.
 */
export function awsClientConfig(context: AwsContext, maxAttempts = 5) {
  return {
    ...(context.region ? { region: context.region } : {}),
    ...(context.profile ? { profile: context.profile } : {}),
    ...(context.credentials ? { credentials: context.credentials } : {}),
    retryMode: 'adaptive' as const,
    maxAttempts,
    // Without these a black-holed endpoint hangs a command (and `run`'s app start) forever.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 20_000 },
  }
}
