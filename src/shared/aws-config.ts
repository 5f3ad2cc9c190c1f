import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types'

/**
 * Where AWS calls go and as whom: what every AWS client in this project is built from
 * (by the one factory, `src/shared/aws-client.ts`).
 */
export interface AwsContext {
  /** Explicit region; otherwise the SDK's chain (AWS_REGION, the profile's `region`). */
  region?: string
  /** The shared-config profile, so the SDK reads that profile's `region` and settings. */
  profile?: string
  /** Explicit credentials (e.g. an SSO role session); otherwise the SDK's default chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider
}
