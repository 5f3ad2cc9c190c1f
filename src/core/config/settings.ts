import { isAbsolute, resolve } from 'node:path'
import { UsageError } from '../../shared/errors.js'
import type { StoreKind } from '../store/index.js'
import type { NeedsConfig } from './needs-config.js'
import type { ProjectConfig, ProjectSettings } from './project-config.js'

/** What the command line says; undefined means "not given". */
export interface SettingFlags {
  store?: StoreKind
  profile?: string
  region?: string
  paths?: string[]
  envFiles?: string[]
  env?: string
}

/** The setting flags as a command's parser types them (oclif and the fast path alike). */
export interface ParsedSettingFlags {
  store?: string | undefined
  profile?: string | undefined
  region?: string | undefined
  env?: string | undefined
  path?: string[] | undefined
  'env-file'?: string[] | undefined
}

/** Picks the setting flags out of a command's parsed flags (absent or empty: not given). */
export function settingFlagsFrom(flags: ParsedSettingFlags): SettingFlags {
  return {
    ...(flags.store ? { store: flags.store as StoreKind } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.env ? { env: flags.env } : {}),
    ...(flags.path ? { paths: flags.path } : {}),
    ...(flags['env-file'] ? { envFiles: flags['env-file'] } : {}),
  }
}

/** The effective settings after flags, environment and file are combined. */
export interface EffectiveSettings {
  store: StoreKind
  profile: string | undefined
  region: string | undefined
  paths: string[]
  /** Absolute paths. */
  envFiles: string[]
  /** The named environment in use, if any. */
  environment: string | undefined
  /** `"frozen": true` in the environment or the file: run refuses any lockfile difference. */
  frozen?: boolean
  /** Where the store choice came from, for `--explain`. */
  storeSource: 'flag' | 'environment' | 'project' | 'default'
  /** The app's declared needs: the named environment's `needs` replaces the top level's. */
  needs?: NeedsConfig | undefined
  /** `"isolate": true` in the environment or the top level. */
  isolate?: boolean
}

/**
 * Combines settings, highest first: flags → the named environment (`--env`, else the file's
 * `defaultEnvironment`) → the file's top level → defaults (`local`, no paths).
 * List settings (paths, envFiles) are replaced, not merged, by a higher layer.
 */
export function resolveSettings(
  flags: SettingFlags,
  config: ProjectConfig | undefined,
  cwd: string,
): EffectiveSettings {
  const envName = flags.env ?? config?.defaultEnvironment
  let environment: ProjectSettings = {}
  if (envName !== undefined) {
    if (!config) {
      throw new UsageError(
        `--env ${envName} needs a .secretsrc.json with "environments", and none was found.`,
        {
          hint: 'Create .secretsrc.json at the project root, or drop --env.',
        },
      )
    }
    const found = config.environments[envName]
    if (!found) {
      const known = Object.keys(config.environments)
      throw new UsageError(`Environment "${envName}" is not defined in ${config.file}.`, {
        hint: known.length ? `Use one of: ${known.join(', ')}.` : 'Add it under "environments".',
      })
    }
    environment = found
  }
  const pick = <K extends keyof SettingFlags & keyof ProjectSettings>(key: K): ProjectSettings[K] =>
    flags[key] ?? environment[key] ?? config?.[key]
  const storeSource = flags.store
    ? 'flag'
    : environment.store
      ? 'environment'
      : config?.store
        ? 'project'
        : 'default'
  const envFilesFromFlags = flags.envFiles !== undefined
  const envFiles = (pick('envFiles') ?? []).map((file) =>
    isAbsolute(file) ? file : resolve(envFilesFromFlags || !config ? cwd : config.dir, file),
  )
  return {
    store: pick('store') ?? 'local',
    profile: pick('profile'),
    region: pick('region'),
    paths: pick('paths') ?? [],
    envFiles,
    environment: envName,
    frozen: environment.frozen ?? config?.frozen ?? false,
    storeSource,
    needs: environment.needs ?? config?.needs,
    isolate: environment.isolate ?? config?.isolate ?? false,
  }
}
