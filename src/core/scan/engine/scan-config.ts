import { picomatch } from '../../../shared/lazy-modules.js'
import { UsageError } from '../../../shared/errors.js'
import { namedGroups, type CustomRuleSpec } from './custom-rules.js'

/** The validated `scan` section of `.secretsrc.json`. */
export interface ScanConfig {
  /** Globs (relative to the config file's directory) whose findings are ignored. */
  allowPaths: string[]
  /** Rule ids that are switched off. */
  allowRules: string[]
  /** Regexes; a finding whose secret matches one is ignored. */
  allowPatterns: RegExp[]
  /** Files larger than this many bytes are skipped (and counted). */
  maxFileSize: number
  /** The project's own rules, validated (regex syntax, ids, keywords; not yet the ReDoS bound). */
  rules: CustomRuleSpec[]
}

/** Files and blobs above 1 MiB are skipped unless `scan.maxFileSize` says otherwise. */
export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024
const KEYS = ['allowPaths', 'allowRules', 'allowPatterns', 'maxFileSize', 'rules'] as const
const RULE_KEYS = ['id', 'regex', 'keywords', 'secretGroup', 'minEntropy', 'description'] as const

/**
 * Validates the passthrough `scan` record of `.secretsrc.json`; errors name the bad key.
 * `knownRules` (the built-in ids) lets it reject misspelt rule ids instead of silently
 * allowing nothing, and custom rules that reuse a built-in id.
 */
export function parseScanConfig(
  section: Record<string, unknown> | undefined,
  file: string,
  knownRules: ReadonlySet<string>,
): ScanConfig {
  const config: ScanConfig = {
    allowPaths: [],
    allowRules: [],
    allowPatterns: [],
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    rules: [],
  }
  if (!section) return config
  for (const key of Object.keys(section)) {
    if (!(KEYS as readonly string[]).includes(key))
      throw bad(file, `scan.${key}`, `is not a known key (expected one of: ${KEYS.join(', ')})`)
  }
  config.allowPaths = stringList(section.allowPaths, file, 'allowPaths')
  for (const [i, glob] of config.allowPaths.entries()) {
    try {
      picomatch()(glob)
    } catch {
      throw bad(file, `scan.allowPaths[${i}]`, 'is not a valid glob')
    }
  }
  config.rules = customRules(section.rules, file, knownRules)
  const allKnown = new Set([...knownRules, ...config.rules.map((r) => r.id)])
  config.allowRules = stringList(section.allowRules, file, 'allowRules')
  for (const [i, id] of config.allowRules.entries()) {
    if (!allKnown.has(id)) throw bad(file, `scan.allowRules[${i}]`, `names an unknown rule "${id}"`)
  }
  config.allowPatterns = stringList(section.allowPatterns, file, 'allowPatterns').map((source, i) => {
    try {
      return new RegExp(source)
    } catch {
      throw bad(file, `scan.allowPatterns[${i}]`, 'is not a valid regular expression')
    }
  })
  if (section.maxFileSize !== undefined) {
    const size = section.maxFileSize
    if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0)
      throw bad(file, 'scan.maxFileSize', 'must be a positive integer (bytes)')
    config.maxFileSize = size
  }
  return config
}

const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** Validates `scan.rules`: each entry's keys, id, regex, keywords, secret group and entropy. */
function customRules(value: unknown, file: string, builtIn: ReadonlySet<string>): CustomRuleSpec[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw bad(file, 'scan.rules', 'must be an array of rule objects')
  const seen = new Map<string, number>()
  return value.map((entry: unknown, i) => {
    const at = `scan.rules[${i}]`
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw bad(file, at, 'must be an object with id, regex and keywords')
    const raw = entry as Record<string, unknown>
    for (const key of Object.keys(raw)) {
      if (!(RULE_KEYS as readonly string[]).includes(key))
        throw bad(file, `${at}.${key}`, `is not a known key (expected one of: ${RULE_KEYS.join(', ')})`)
    }
    const id = raw.id
    if (typeof id !== 'string' || !RULE_ID.test(id))
      throw bad(file, `${at}.id`, 'must be a kebab-case identifier (a-z, 0-9, dashes)')
    if (builtIn.has(id)) throw bad(file, `${at}.id`, `"${id}" is already a built-in rule`)
    const earlier = seen.get(id)
    if (earlier !== undefined)
      throw bad(file, `${at}.id`, `"${id}" is already used by scan.rules[${earlier}]`)
    seen.set(id, i)

    const regex = raw.regex
    if (typeof regex !== 'string' || regex === '')
      throw bad(file, `${at}.regex`, 'must be a non-empty string')
    let compiled: RegExp
    try {
      compiled = new RegExp(regex, 'g')
    } catch (error) {
      throw bad(file, `${at}.regex`, `is not a valid regular expression (${(error as Error).message})`)
    }
    if (compiled.test('')) throw bad(file, `${at}.regex`, 'matches the empty string')

    const keywords = raw.keywords
    if (!Array.isArray(keywords) || keywords.length === 0)
      throw bad(file, `${at}.keywords`, 'must be a non-empty array of strings')
    keywords.forEach((k: unknown, j) => {
      if (typeof k !== 'string' || k.length < 3 || !/^[\x20-\x7e]+$/.test(k))
        throw bad(file, `${at}.keywords[${j}]`, 'must be printable ASCII of at least 3 characters')
    })

    const spec: CustomRuleSpec = { id, regex, keywords: keywords as string[] }
    const groups = namedGroups(regex)
    if (raw.secretGroup !== undefined) {
      const group = raw.secretGroup
      if (typeof group !== 'string' || !groups.includes(group))
        throw bad(
          file,
          `${at}.secretGroup`,
          `must name a group of the regex (${groups.length > 0 ? groups.join(', ') : 'it has no named groups'})`,
        )
      if (group !== 'secret' && groups.includes('secret'))
        throw bad(
          file,
          `${at}.secretGroup`,
          'cannot be another group when the regex also has a group named "secret"',
        )
      spec.secretGroup = group
    }
    if (raw.minEntropy !== undefined) {
      const e = raw.minEntropy
      if (typeof e !== 'number' || !Number.isFinite(e) || e < 0 || e > 8)
        throw bad(file, `${at}.minEntropy`, 'must be a number of bits per character from 0 to 8')
      spec.minEntropy = e
    }
    if (raw.description !== undefined) {
      if (typeof raw.description !== 'string' || raw.description.trim() === '')
        throw bad(file, `${at}.description`, 'must be a non-empty string')
      spec.description = raw.description
    }
    return spec
  })
}

function stringList(value: unknown, file: string, key: string): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw bad(file, `scan.${key}`, 'must be an array of strings')
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item === '')
      throw bad(file, `scan.${key}[${i}]`, 'must be a non-empty string')
  })
  return value as string[]
}

function bad(file: string, key: string, problem: string): UsageError {
  return new UsageError(`${file}: "${key}" ${problem}.`, {
    hint: `Fix "${key}" in ${file} (see docs/scan.md).`,
    code: 'BadScanConfig',
  })
}
