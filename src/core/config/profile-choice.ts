import type { ProjectConfig } from './project-config.js'

/** Where the AWS profile of an invocation came from. */
export type ProfileChoiceSource = 'flag' | 'AWS_PROFILE' | 'environment' | 'project' | 'default'

/** The profile one invocation uses, and why. */
export interface ProfileChoice {
  /** Undefined for `default`: each command then applies its own default (`[default]`, the SDK chain). */
  profile: string | undefined
  source: ProfileChoiceSource
}

/**
 * The one profile rule of every command (but `credentials`, which takes its flag as
 * credential_process passes it): `--profile`, then `AWS_PROFILE`, then the project config
 * (its named environment, then its top level), then the default. Pure.
 */
export function chooseProfile(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  config: ProjectConfig | undefined,
  environmentName: string | undefined,
): ProfileChoice {
  if (flag) return { profile: flag, source: 'flag' }
  if (env.AWS_PROFILE) return { profile: env.AWS_PROFILE, source: 'AWS_PROFILE' }
  const fromEnvironment = environmentName ? config?.environments[environmentName]?.profile : undefined
  if (fromEnvironment) return { profile: fromEnvironment, source: 'environment' }
  if (config?.profile) return { profile: config.profile, source: 'project' }
  return { profile: undefined, source: 'default' }
}

/**
 * The line that says which profile a command used when it was not the flag
 * ("using profile dev (from .secretsrc.json at /repo)"); undefined for the flag.
 */
export function describeProfileChoice(
  choice: ProfileChoice,
  config: ProjectConfig | undefined,
  environmentName: string | undefined,
): string | undefined {
  switch (choice.source) {
    case 'flag':
      return undefined
    case 'AWS_PROFILE':
      return `using profile ${choice.profile} (from AWS_PROFILE)`
    case 'environment':
      return `using profile ${choice.profile} (from environment "${environmentName}" in ${config?.file})`
    case 'project':
      return `using profile ${choice.profile} (from ${config?.file})`
    case 'default':
      return 'using profile default (no --profile, AWS_PROFILE or project "profile")'
  }
}
