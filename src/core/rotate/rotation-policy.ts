import { parseDuration } from '../../shared/duration.js'
import { UsageError } from '../../shared/errors.js'
import { isUnderPrefix, parsePathPrefix } from '../store/index.js'
import {
  DEFAULT_CHARSET,
  DEFAULT_LENGTH,
  validateCharset,
  validateLength,
  type Charset,
} from './secret-value.js'

/** The rules for one path (or everything under a prefix); unset fields inherit. */
export interface PathPolicy {
  length?: number
  charset?: Charset
  maxAgeMs?: number
}

/** The `rotate` section of `.secretsrc.json`, validated. */
export interface RotationPolicy {
  /** Section-level defaults: apply to every entry in `paths` and to keychain keys (maxAge). */
  defaults: PathPolicy
  /** Path or prefix → policy, longest prefix wins. */
  paths: Record<string, PathPolicy>
}

/** Max age when nothing sets one: 90 days, the common audit expectation for credentials. */
export const DEFAULT_MAX_AGE_MS = 90 * 86_400_000

export const EMPTY_POLICY: RotationPolicy = { defaults: {}, paths: {} }

const ENTRY_KEYS = ['length', 'charset', 'maxAge'] as const

/** Validates the `rotate` section; every error names the file and the bad key. */
export function parseRotationPolicy(
  section: Record<string, unknown> | undefined,
  file: string,
): RotationPolicy {
  if (!section) return EMPTY_POLICY
  const bad = (key: string, problem: string) =>
    new UsageError(`${file}: "rotate.${key}" ${problem}.`, {
      hint: `Fix "rotate.${key}" in ${file}.`,
      code: 'BadRotatePolicy',
    })
  for (const key of Object.keys(section)) {
    if (key !== 'paths' && !(ENTRY_KEYS as readonly string[]).includes(key)) {
      throw bad(key, `is not a known key (expected: ${[...ENTRY_KEYS, 'paths'].join(', ')})`)
    }
  }
  const entry = (value: Record<string, unknown>, at: string): PathPolicy => {
    const out: PathPolicy = {}
    for (const key of Object.keys(value)) {
      if (!(ENTRY_KEYS as readonly string[]).includes(key))
        throw bad(`${at}${key}`, `is not a known key (expected: ${ENTRY_KEYS.join(', ')})`)
    }
    const where = (key: string) => `${file}: "rotate.${at}${key}"`
    if (value.length !== undefined) out.length = validateLength(value.length, where('length'))
    if (value.charset !== undefined) out.charset = validateCharset(value.charset, where('charset'))
    if (value.maxAge !== undefined) {
      if (typeof value.maxAge !== 'string')
        throw bad(`${at}maxAge`, 'must be a duration such as "90d" or "12w"')
      try {
        out.maxAgeMs = parseDuration(value.maxAge, where('maxAge'))
      } catch {
        throw bad(`${at}maxAge`, `"${value.maxAge}" is not a duration (use e.g. "90d", "12w", "720h")`)
      }
      if (out.maxAgeMs <= 0) throw bad(`${at}maxAge`, 'must be longer than zero')
    }
    return out
  }
  const { paths: _paths, ...defaults } = section
  const policy: RotationPolicy = { defaults: entry(defaults, ''), paths: {} }
  if (section.paths !== undefined) {
    if (typeof section.paths !== 'object' || section.paths === null || Array.isArray(section.paths)) {
      throw bad('paths', 'must be an object of parameter path → {length, charset, maxAge}')
    }
    for (const [path, value] of Object.entries(section.paths)) {
      let prefix: string
      try {
        prefix = parsePathPrefix(path)
      } catch {
        throw bad(`paths.${path}`, 'is not a parameter path (it must start with "/")')
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw bad(`paths.${path}`, 'must be an object')
      policy.paths[prefix] = entry(value as Record<string, unknown>, `paths.${path}.`)
    }
  }
  return policy
}

/**
 * The policy governing `path`: every matching entry, longer prefixes overriding shorter
 * ones field by field (so `/app` can set the charset and `/app/db` only the length).
 * `prefix` is the longest match; undefined when no entry matches.
 */
export function matchPathPolicy(
  policy: RotationPolicy,
  path: string,
): { prefix: string; entry: PathPolicy } | undefined {
  const matches = Object.keys(policy.paths)
    .filter((prefix) => isUnderPrefix(path, prefix))
    .sort((a, b) => a.length - b.length)
  const longest = matches.at(-1)
  if (longest === undefined) return undefined
  return { prefix: longest, entry: Object.assign({}, ...matches.map((m) => policy.paths[m])) as PathPolicy }
}

export interface GenerationSettings {
  length: number
  charset: Charset
}

/** Flags → the path's policy → the section's defaults → built-in defaults (32, alnum). */
export function generationSettings(
  policy: RotationPolicy,
  path: string,
  flags: { length?: number; charset?: Charset },
): GenerationSettings {
  const entry = matchPathPolicy(policy, path)?.entry ?? {}
  return {
    length: flags.length ?? entry.length ?? policy.defaults.length ?? DEFAULT_LENGTH,
    charset: flags.charset ?? entry.charset ?? policy.defaults.charset ?? DEFAULT_CHARSET,
  }
}
