import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { LocalEnvError, systemErrorCode } from '../../shared/errors.js'

/** The settings of one profile in the AWS shared config file (`~/.aws/config`). */
export type ProfileSettings = Record<string, string>

/** Returns the AWS config file the SDK would read: AWS_CONFIG_FILE, else ~/.aws/config. */
export function awsConfigFile(env: NodeJS.ProcessEnv): string {
  return env.AWS_CONFIG_FILE || join(env.HOME || homedir(), '.aws', 'config')
}

/**
 * Parses the INI text of an AWS config file into the settings of `profile` (`[default]`,
 * `[profile NAME]`, or the bare `[NAME]` the CLI also tolerates); undefined when absent.
 * Nested sub-sections (`s3 =` followed by indented keys) are skipped.
 */
export function parseProfileSettings(text: string, profile: string): ProfileSettings | undefined {
  let current: string | undefined
  let found: ProfileSettings | undefined
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/\s[#;].*$/, '')
    if (/^\s*([#;]|$)/.test(line)) continue
    const section = /^\s*\[\s*([^\]]+?)\s*\]\s*$/.exec(line)
    if (section) {
      const name = (section[1] ?? '').replace(/^profile\s+/, '')
      current = name
      if (name === profile) found ??= {}
      continue
    }
    if (current !== profile || !found || /^\s/.test(rawLine)) continue
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line.trim())
    if (pair) found[(pair[1] ?? '').toLowerCase()] = (pair[2] ?? '').trim()
  }
  return found
}

/** True when the settings make an IAM Identity Center (SSO) profile. */
export function isSsoProfile(settings: ProfileSettings | undefined): boolean {
  if (!settings) return false
  return ['sso_session', 'sso_start_url', 'sso_account_id', 'sso_role_name'].some((k) => k in settings)
}

/** Returns the AWS shared credentials file: AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials. */
export function awsCredentialsFile(env: NodeJS.ProcessEnv): string {
  return env.AWS_SHARED_CREDENTIALS_FILE || join(env.HOME || homedir(), '.aws', 'credentials')
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
  const fromConfig = await readProfileSettings(env, profile)
  const fromCredentials = await readProfileSettings(env, profile, awsCredentialsFile(env))
  return [fromConfig, fromCredentials].some((s) => s !== undefined && CREDENTIAL_SOURCES.some((k) => k in s))
}

/** Reads one profile's settings from the AWS config file; undefined when file or profile is absent. */
export async function readProfileSettings(
  env: NodeJS.ProcessEnv,
  profile: string,
  file: string = awsConfigFile(env),
): Promise<ProfileSettings | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = systemErrorCode(error)
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw new LocalEnvError(`Cannot read the AWS file ${file}: ${code ?? 'error'}.`, {
      hint: 'Fix its permissions or point AWS_CONFIG_FILE at a readable file.',
      cause: error,
    })
  }
  return parseProfileSettings(text, profile)
}

/**
 * The region for calls made with a stored key: AWS_REGION, AWS_DEFAULT_REGION, the profile's
 * `region`, else us-east-1 (IAM and STS are global; any region signs them).
 */
export function regionFor(env: NodeJS.ProcessEnv, settings: ProfileSettings | undefined): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || settings?.region || 'us-east-1'
}
