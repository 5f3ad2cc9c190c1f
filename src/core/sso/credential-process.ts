import type { RoleCredentials } from './sso-session.js'

/** The AWS `credential_process` output format (Version 1). */
export interface CredentialProcessOutput {
  Version: 1
  AccessKeyId: string
  SecretAccessKey: string
  SessionToken: string
  Expiration: string
}

/** Formats role credentials for `credential_process` (the only place they are printed, on purpose). */
export function toCredentialProcess(credentials: RoleCredentials): CredentialProcessOutput {
  return {
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    SessionToken: credentials.sessionToken,
    Expiration: new Date(credentials.expiration).toISOString(),
  }
}
