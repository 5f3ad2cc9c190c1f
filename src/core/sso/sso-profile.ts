import { UsageError } from '../../shared/errors.js'
import {
  awsConfigPath,
  isSsoProfile,
  readAwsConfig,
  type AwsConfigFile,
} from '../../shared/aws-config-file.js'

/** The scope every session asks for unless `sso_registration_scopes` says otherwise. */
export const DEFAULT_SSO_SCOPES = ['sso:account:access']

/** Everything needed to sign in to one IAM Identity Center session and pick a role. */
export interface SsoProfile {
  /** The profile name (`--profile`), or a label for ad-hoc use. */
  profile: string
  /** Keychain identity of the session: the `sso-session` name, else the start URL. */
  sessionName: string
  startUrl: string
  ssoRegion: string
  scopes: string[]
  accountId?: string
  roleName?: string
  /** The profile's `region` (for AWS calls with the role credentials). */
  region?: string
  /** How the user signs in again: the exact command for hints. */
  loginCommand: string
}

/** Flags that add to or stand in for a profile. */
export interface SsoOverrides {
  startUrl?: string
  ssoRegion?: string
  accountId?: string
  roleName?: string
}

/**
 * Resolves `--profile P` (+ flags) to an SSO profile: the `sso_session` form, the legacy form
 * (`sso_start_url`/`sso_region` in the profile), or ad-hoc flags. Returns undefined when the
 * profile is not an SSO profile (`isSsoProfile`, the one rule) and no start URL was given,
 * so other identity sources can take over. Inconsistent or incomplete SSO configuration
 * (an SSO profile with neither sso_session nor sso_start_url) is a UsageError.
 */
export function resolveSsoProfile(
  config: AwsConfigFile,
  profileName: string | undefined,
  overrides: SsoOverrides = {},
): SsoProfile | undefined {
  const section = profileName ? config.profiles[profileName] : undefined
  const loginCommand = profileName
    ? `secrets login --profile ${profileName}`
    : `secrets login --sso-start-url ${overrides.startUrl ?? 'URL'} --sso-region ${overrides.ssoRegion ?? 'REGION'}`
  const role = {
    ...optional('accountId', section?.sso_account_id ?? overrides.accountId),
    ...optional('roleName', section?.sso_role_name ?? overrides.roleName),
    ...optional('region', section?.region),
  }
  const sessionName = section?.sso_session
  if (sessionName) {
    const session = config.ssoSessions[sessionName]
    if (!session)
      throw new UsageError(
        `Profile ${profileName} names sso_session ${sessionName}, which is not in the AWS config file.`,
        {
          hint: `Add an [sso-session ${sessionName}] section with sso_start_url and sso_region.`,
          code: 'SsoSessionMissing',
        },
      )
    const startUrl = need(session.sso_start_url, 'sso_start_url', `[sso-session ${sessionName}]`)
    const ssoRegion = need(session.sso_region, 'sso_region', `[sso-session ${sessionName}]`)
    for (const [key, value] of [
      ['sso_start_url', startUrl],
      ['sso_region', ssoRegion],
    ] as const) {
      if (section[key] !== undefined && section[key] !== value)
        throw new UsageError(
          `Profile ${profileName} sets ${key} differently from its sso-session ${sessionName}.`,
          {
            hint: `Remove ${key} from [profile ${profileName}]; the sso-session holds it.`,
            code: 'SsoConfigConflict',
          },
        )
    }
    return {
      profile: profileName ?? sessionName,
      sessionName,
      startUrl,
      ssoRegion,
      scopes: parseScopes(session.sso_registration_scopes),
      ...role,
      loginCommand,
    }
  }
  const startUrl = section?.sso_start_url ?? overrides.startUrl
  if (!startUrl) {
    if (profileName && !isSsoProfile(section)) return undefined
    if (profileName)
      throw new UsageError(
        `Profile ${profileName} has IAM Identity Center settings but neither sso_session nor sso_start_url.`,
        {
          hint: `Add sso_session = NAME (and an [sso-session NAME] section) to [profile ${profileName}], or pass --sso-start-url.`,
          code: 'SsoConfigIncomplete',
        },
      )
    throw new UsageError('No IAM Identity Center profile given.', {
      hint: 'Use --profile P (an SSO profile in ~/.aws/config), or --sso-start-url and --sso-region.',
      code: 'SsoProfileMissing',
    })
  }
  const ssoRegion = section?.sso_region ?? overrides.ssoRegion
  if (!ssoRegion)
    throw new UsageError(`No sso_region for ${profileName ? `profile ${profileName}` : startUrl}.`, {
      hint: 'Add sso_region to the profile, or pass --sso-region.',
      code: 'SsoRegionMissing',
    })
  return {
    profile: profileName ?? `${startUrl}`,
    sessionName: startUrl,
    startUrl,
    ssoRegion,
    scopes: [...DEFAULT_SSO_SCOPES],
    ...role,
    loginCommand,
  }
}

/** Parses `sso_registration_scopes` (comma separated) into a list; empty → the default. */
export function parseScopes(value: string | undefined): string[] {
  const scopes = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  return scopes.length ? scopes : [...DEFAULT_SSO_SCOPES]
}

/** Names of the profiles that use IAM Identity Center, for messages. */
export function ssoProfileNames(config: AwsConfigFile): string[] {
  return Object.entries(config.profiles)
    .filter(([, s]) => isSsoProfile(s))
    .map(([name]) => name)
    .sort()
}

function need(value: string | undefined, key: string, where: string): string {
  if (value) return value
  throw new UsageError(`${where} in the AWS config file has no ${key}.`, {
    hint: `Add ${key} = ... to ${where}.`,
    code: 'SsoConfigIncomplete',
  })
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {}
}

/** Where a profile name came from, for messages. */
export type ProfileSource = 'flag' | 'AWS_PROFILE' | 'default'

/**
 * The usage error for a profile the AWS config file does not have: it names the file and
 * lists the profiles that are there (SSO ones first), never "Profile undefined".
 */
export function profileNotFound(
  config: AwsConfigFile,
  profile: string,
  source: ProfileSource,
  env: NodeJS.ProcessEnv,
): UsageError {
  if (source === 'default') return noCredentials(config, env)
  const path = awsConfigPath(env)
  const message = `Profile ${profile}${source === 'AWS_PROFILE' ? ' (from AWS_PROFILE)' : ''} is not in the AWS config file ${path}.`
  return new UsageError(message, { hint: profileListHint(config, profile), code: 'ProfileNotFound' })
}

/**
 * The one wording for "nothing names an identity" (no --profile, AWS_PROFILE, project
 * profile or [default], no keys in the environment), used by every command: nothing was
 * sent to AWS, so it is never "AWS rejected the credentials". Lists the profiles there are.
 */
export function noCredentials(config: AwsConfigFile, env: NodeJS.ProcessEnv): UsageError {
  return new UsageError(
    `No AWS credentials: no profile given (--profile, AWS_PROFILE or "profile" in .secretsrc.json), the AWS config file ${awsConfigPath(env)} has no [default] profile, and the environment has no AWS keys.`,
    { hint: profileListHint(config, undefined), code: 'NoCredentials' },
  )
}

function profileListHint(config: AwsConfigFile, profile: string | undefined): string {
  const sso = ssoProfileNames(config)
  const others = Object.keys(config.profiles)
    .filter((name) => !sso.includes(name))
    .sort()
  const listed = [
    ...(sso.length ? [`IAM Identity Center profiles: ${sso.join(', ')}`] : []),
    ...(others.length ? [`other profiles: ${others.join(', ')}`] : []),
  ]
  return listed.length
    ? `Use --profile with one of the profiles there (${listed.join('; ')}).`
    : `The file has no profiles: add [profile ${profile ?? 'NAME'}] with sso_session (or run \`aws configure sso\`), or pass --sso-start-url and --sso-region.`
}

/**
 * Resolves an SSO profile from the AWS config file and flags. A profile the file does not
 * have is a UsageError listing the ones it has; a non-SSO profile a UsageError listing the
 * SSO ones.
 */
export async function loadSsoProfile(
  input: { profile?: string } & SsoOverrides,
  env: NodeJS.ProcessEnv,
): Promise<SsoProfile> {
  const config = await readAwsConfig(env)
  // Like the AWS CLI: --profile, else AWS_PROFILE, else [default] (unless ad-hoc flags are used).
  const source: ProfileSource = input.profile ? 'flag' : env.AWS_PROFILE ? 'AWS_PROFILE' : 'default'
  const profile = input.profile ?? env.AWS_PROFILE ?? (input.startUrl ? undefined : 'default')
  if (profile && !config.profiles[profile] && !input.startUrl)
    throw profileNotFound(config, profile, source, env)
  const sso = resolveSsoProfile(config, profile, input)
  if (sso) return sso
  const known = ssoProfileNames(config)
  throw new UsageError(
    `Profile ${profile ?? 'default'} is not an IAM Identity Center profile in the AWS config file.`,
    {
      hint: known.length
        ? `Use one of: ${known.join(', ')}; or pass --sso-start-url and --sso-region.`
        : 'Add a profile with sso_session (and an [sso-session] section), or pass --sso-start-url and --sso-region.',
      code: 'NotSsoProfile',
    },
  )
}
