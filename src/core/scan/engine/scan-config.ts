import picomatch from 'picomatch'
import { UsageError } from '../../../shared/errors.js'

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
}

/** Files and blobs above 1 MiB are skipped unless `scan.maxFileSize` says otherwise. */
export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024
const KEYS = ['allowPaths', 'allowRules', 'allowPatterns', 'maxFileSize'] as const

/**
 * Validates the passthrough `scan` record of `.secretsrc.json`; errors name the bad key.
 * `knownRules` lets it reject misspelt rule ids instead of silently allowing nothing.
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
  }
  if (!section) return config
  for (const key of Object.keys(section)) {
    if (!(KEYS as readonly string[]).includes(key))
      throw bad(file, `scan.${key}`, `is not a known key (expected one of: ${KEYS.join(', ')})`)
  }
  config.allowPaths = stringList(section.allowPaths, file, 'allowPaths')
  for (const [i, glob] of config.allowPaths.entries()) {
    try {
      picomatch(glob)
    } catch {
      throw bad(file, `scan.allowPaths[${i}]`, 'is not a valid glob')
    }
  }
  config.allowRules = stringList(section.allowRules, file, 'allowRules')
  for (const [i, id] of config.allowRules.entries()) {
    if (!knownRules.has(id)) throw bad(file, `scan.allowRules[${i}]`, `names an unknown rule "${id}"`)
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
