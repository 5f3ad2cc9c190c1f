import {
  awsConfigPath,
  isSsoProfile,
  parseAwsConfig,
  readAwsConfig,
  readAwsCredentials,
} from '../../shared/aws-config-file.js'

export { isSsoProfile }

/** The settings of one profile in the AWS shared config file (`~/.aws/config`). */
export type ProfileSettings = Record<string, string>

/** Returns the AWS config file the SDK would read: AWS_CONFIG_FILE, else ~/.aws/config. */
export const awsConfigFile = awsConfigPath

/** The settings of `profile` in the text of an AWS config file; undefined when absent. */
export function parseProfileSettings(text: string, profile: string): ProfileSettings | undefined {
  return parseAwsConfig(text).profiles[profile]
}

const CREDENTIAL_SOURCES = [
  'aws_access_key_id',
  'credential_process',
  'role_arn',
  'web_identity_token_file',
  'credential_source',
]

/**
 * True when the AWS files give the profile credentials of their own (static keys, a
 * credential process, a role to assume, web identity): the SDK can serve it without us.
 */
export async function hasOwnCredentialSource(env: NodeJS.ProcessEnv, profile: string): Promise<boolean> {
  const [config, credentials] = await Promise.all([readAwsConfig(env), readAwsCredentials(env)])
  return [config.profiles[profile], credentials.profiles[profile]].some(
    (s) => s !== undefined && CREDENTIAL_SOURCES.some((k) => k in s),
  )
}

/** Reads one profile's settings from the AWS config file; undefined when file or profile is absent. */
export async function readProfileSettings(
  env: NodeJS.ProcessEnv,
  profile: string,
): Promise<ProfileSettings | undefined> {
  return (await readAwsConfig(env)).profiles[profile]
}

/**
 * The region for calls made with a stored key: AWS_REGION, AWS_DEFAULT_REGION, the profile's
 * `region`, else us-east-1 (IAM and STS are global; any region signs them).
 */
export function regionFor(env: NodeJS.ProcessEnv, settings: ProfileSettings | undefined): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || settings?.region || 'us-east-1'
}
