import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types'
import type { Keychain } from '../keychain/index.js'

/** A credentials provider the AWS SDK accepts; it returns temporary credentials with an expiry. */
export type CredentialsProvider = AwsCredentialIdentityProvider

/** What identity sources need: the environment (AWS_CONFIG_FILE, endpoints) and the keychain. */
export interface IdentityDeps {
  env: NodeJS.ProcessEnv
  keychain: () => Keychain
  now?: () => Date
}

export type { AwsCredentialIdentity }
