import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { LocalEnvError, systemErrorCode } from './errors.js'

/** Sections of an AWS shared config file, keyed by kind and name. */
export interface AwsConfigFile {
  /** `[default]` and `[profile NAME]` sections, by profile name. */
  profiles: Record<string, Record<string, string>>
  /** `[sso-session NAME]` sections, by session name. */
  ssoSessions: Record<string, Record<string, string>>
}

/**
 * Parses the AWS shared config file format: `[default]`, `[profile NAME]`,
 * `[sso-session NAME]`, `key = value`, `#`/`;` comments (whole-line, or inline after
 * whitespace). Indented lines under a key (nested settings such as `s3 =`) are skipped: no
 * SSO setting uses them. Unknown section kinds are ignored, as the SDKs do.
 */
export function parseAwsConfig(text: string, kind: 'config' | 'credentials' = 'config'): AwsConfigFile {
  const result: AwsConfigFile = { profiles: {}, ssoSessions: {} }
  let current: Record<string, string> | undefined
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*([#;].*)?$/.test(raw)) continue
    if (/^\s/.test(raw) && current) continue // nested sub-setting
    const line = stripInlineComment(raw).trim()
    const section = /^\[\s*([^\]]+?)\s*\]$/.exec(line)
    if (section) {
      current = sectionFor(result, section[1] ?? '', kind)
      continue
    }
    const eq = line.indexOf('=')
    if (eq <= 0 || !current) continue
    const key = line.slice(0, eq).trim().toLowerCase()
    const value = line.slice(eq + 1).trim()
    current[key] = value
  }
  return result
}

function sectionFor(
  result: AwsConfigFile,
  header: string,
  kind: 'config' | 'credentials',
): Record<string, string> | undefined {
  if (header === 'default') return (result.profiles.default ??= {})
  // The credentials file names profiles bare: `[dev]`, not `[profile dev]`.
  if (kind === 'credentials') return (result.profiles[header.trim()] ??= {})
  const m = /^(profile|sso-session)\s+(.+)$/.exec(header)
  if (!m) return undefined
  const name = (m[2] ?? '').trim()
  if (m[1] === 'profile') return (result.profiles[name] ??= {})
  return (result.ssoSessions[name] ??= {})
}

function stripInlineComment(line: string): string {
  const m = /\s[#;]/.exec(line)
  return m ? line.slice(0, m.index) : line
}

/**
 * The settings that make a profile an IAM Identity Center (SSO) profile. The AWS CLI and
 * SDKs treat a profile with any of them as SSO (and reject it when the set is incomplete).
 */
export const SSO_PROFILE_KEYS = [
  'sso_session',
  'sso_start_url',
  'sso_region',
  'sso_account_id',
  'sso_role_name',
] as const

/**
 * The one rule for "is this an SSO profile", used by every caller (identity, sso, rotate,
 * add-key): any SSO setting makes it one, as the AWS CLI decides, complete or not.
 */
export function isSsoProfile(settings: Record<string, string> | undefined): boolean {
  return settings !== undefined && SSO_PROFILE_KEYS.some((key) => key in settings)
}

/** Returns the path of the AWS config file: AWS_CONFIG_FILE, else ~/.aws/config. */
export function awsConfigPath(env: NodeJS.ProcessEnv): string {
  return env.AWS_CONFIG_FILE || join(env.HOME || homedir(), '.aws', 'config')
}

/** Returns the path of the AWS shared credentials file: AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials. */
export function awsCredentialsPath(env: NodeJS.ProcessEnv): string {
  return env.AWS_SHARED_CREDENTIALS_FILE || join(env.HOME || homedir(), '.aws', 'credentials')
}

/** Reads and parses the AWS config file; a missing file is an empty config. */
export function readAwsConfig(env: NodeJS.ProcessEnv): Promise<AwsConfigFile> {
  return readAwsFile(awsConfigPath(env), 'config')
}

/** Reads and parses the AWS shared credentials file; a missing file is empty. */
export function readAwsCredentials(env: NodeJS.ProcessEnv): Promise<AwsConfigFile> {
  return readAwsFile(awsCredentialsPath(env), 'credentials')
}

async function readAwsFile(path: string, kind: 'config' | 'credentials'): Promise<AwsConfigFile> {
  try {
    // Synchronous, like every file read on the start-up paths: one small file, and no thread
    // pool to start for it (~3 ms of CPU on a command's first asynchronous fs call).
    return parseAwsConfig(readFileSync(path, 'utf8'), kind)
  } catch (error) {
    const code = systemErrorCode(error)
    if (code === 'ENOENT' || code === 'ENOTDIR') return { profiles: {}, ssoSessions: {} }
    throw new LocalEnvError(`Cannot read the AWS file ${path} (${code ?? 'error'}).`, {
      hint: 'Check its permissions, or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at a readable file.',
      cause: error,
    })
  }
}
