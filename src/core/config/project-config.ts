import { dirname } from 'node:path'
import { UsageError } from '../../shared/errors.js'
import { jsonErrorLocation, jsonErrorReason } from '../../shared/json.js'
import { STORE_KINDS, type StoreKind } from '../../shared/store-kinds.js'
import { suggestions } from '../../shared/suggest.js'
import { parseImdsConfig, type ImdsConfig } from './imds-config.js'
import { parseNeedsConfig, type NeedsConfig } from './needs-config.js'

export const PROJECT_CONFIG_FILE = '.secretsrc.json'

/** The settings an environment (or the file's top level) can fix. */
export interface ProjectSettings {
  store?: StoreKind
  profile?: string
  region?: string
  paths?: string[]
  envFiles?: string[]
  /** What the app needs to know in AWS (docs/need-to-know.md). */
  needs?: NeedsConfig
  /** Start the child isolated (`run --isolate`). */
  isolate?: boolean
  /** `secrets run` refuses to start when the store differs from secrets.lock.json (CI). */
  frozen?: boolean
}

/** `.secretsrc.json`: committed, secret-free project settings. */
export interface ProjectConfig extends ProjectSettings {
  /** Absolute path of the file, for messages. */
  file: string
  /** Directory of the file: `envFiles` are relative to it. */
  dir: string
  environments: Record<string, ProjectSettings>
  defaultEnvironment?: string
  /** Owned by `secrets scan`; validated there. */
  scan?: Record<string, unknown>
  /** Owned by `secrets rotate`; validated there. */
  rotate?: Record<string, unknown>
  /** The emulated instance's own values (`secrets imds`, `run --imds`). */
  imds?: ImdsConfig
  /** `run --mask` by default. */
  mask?: boolean
}

const SETTING_KEYS = [
  'store',
  'profile',
  'region',
  'paths',
  'envFiles',
  'needs',
  'isolate',
  'frozen',
] as const
const TOP_KEYS = new Set<string>([
  ...SETTING_KEYS,
  'environments',
  'defaultEnvironment',
  'scan',
  'rotate',
  'imds',
  'mask',
  '$schema',
])

/** Parses and validates the file's text; errors name the file and the bad key. */
export function parseProjectConfig(raw: string, file: string): ProjectConfig {
  let data: unknown
  try {
    data = JSON.parse(raw)
  } catch (error) {
    // file:line:column, as compilers say it, so an editor can jump there.
    const at = jsonErrorLocation(raw, error)
    throw new UsageError(`${file}${at ? `:${at}` : ''} is not valid JSON: ${jsonErrorReason(error)}.`, {
      hint: 'Fix the file or remove it.',
      code: 'BadProjectConfig',
    })
  }
  if (!isObject(data)) throw bad(file, '(top level)', 'must be a JSON object')
  for (const key of Object.keys(data)) {
    if (!TOP_KEYS.has(key))
      throw bad(file, key, `is not a known key (expected one of: ${[...TOP_KEYS].join(', ')})`, [...TOP_KEYS])
  }
  const config: ProjectConfig = {
    file,
    dir: dirname(file),
    environments: {},
    ...parseSettings(data, file, ''),
  }
  if (data.environments !== undefined) {
    if (!isObject(data.environments))
      throw bad(file, 'environments', 'must be an object of named environments')
    for (const [name, value] of Object.entries(data.environments)) {
      if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw bad(file, `environments.${name}`, 'has an invalid name')
      if (!isObject(value)) throw bad(file, `environments.${name}`, 'must be an object')
      for (const key of Object.keys(value)) {
        if (!(SETTING_KEYS as readonly string[]).includes(key)) {
          throw bad(
            file,
            `environments.${name}.${key}`,
            `is not a known key (expected: ${SETTING_KEYS.join(', ')})`,
            SETTING_KEYS,
          )
        }
      }
      config.environments[name] = parseSettings(value, file, `environments.${name}.`)
    }
  }
  if (data.defaultEnvironment !== undefined) {
    if (typeof data.defaultEnvironment !== 'string' || !(data.defaultEnvironment in config.environments)) {
      throw bad(file, 'defaultEnvironment', 'must name one of "environments"')
    }
    config.defaultEnvironment = data.defaultEnvironment
  }
  for (const section of ['scan', 'rotate'] as const) {
    const value = data[section]
    if (value === undefined) continue
    if (!isObject(value)) throw bad(file, section, 'must be an object')
    config[section] = value
  }
  if (data.mask !== undefined) {
    if (typeof data.mask !== 'boolean') throw bad(file, 'mask', 'must be true or false')
    config.mask = data.mask
  }
  if (data.imds !== undefined) config.imds = parseImdsConfig(data.imds, file, 'imds.', dirname(file))
  return config
}

function parseSettings(data: Record<string, unknown>, file: string, at: string): ProjectSettings {
  const out: ProjectSettings = {}
  if (data.store !== undefined) {
    if (typeof data.store !== 'string' || !(STORE_KINDS as readonly string[]).includes(data.store)) {
      throw bad(file, `${at}store`, `must be one of: ${STORE_KINDS.join(', ')}`)
    }
    out.store = data.store as StoreKind
  }
  for (const key of ['profile', 'region'] as const) {
    const value = data[key]
    if (value === undefined) continue
    if (typeof value !== 'string' || value === '')
      throw bad(file, `${at}${key}`, 'must be a non-empty string')
    out[key] = value
  }
  for (const key of ['paths', 'envFiles'] as const) {
    const value = data[key]
    if (value === undefined) continue
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) {
      throw bad(file, `${at}${key}`, 'must be an array of non-empty strings')
    }
    out[key] = value as string[]
  }
  if (data.needs !== undefined) out.needs = parseNeedsConfig(data.needs, file, `${at}needs.`)
  if (data.isolate !== undefined) {
    if (typeof data.isolate !== 'boolean') throw bad(file, `${at}isolate`, 'must be true or false')
    out.isolate = data.isolate
  }
  if (data.frozen !== undefined) {
    if (typeof data.frozen !== 'boolean') throw bad(file, `${at}frozen`, 'must be true or false')
    out.frozen = data.frozen
  }
  return out
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function bad(file: string, key: string, problem: string, known: readonly string[] = []): UsageError {
  // "path" → "did you mean \"paths\"?": the closest known key, for a mistyped one.
  const close = suggestions(key.split('.').at(-1) ?? key, known)
  return new UsageError(`${file}: "${key}" ${problem}.`, {
    hint: close.length ? `Did you mean "${close[0]}"? Fix "${key}" in ${file}.` : `Fix "${key}" in ${file}.`,
    code: 'BadProjectConfig',
  })
}
