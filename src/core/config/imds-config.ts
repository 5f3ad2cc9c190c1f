import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { LocalEnvError, UsageError, systemErrorCode } from '../../shared/errors.js'

/**
 * The developer's own instance values for `secrets imds` / `run --imds`: the `imds` section
 * of `.secretsrc.json`, or a `--config FILE` with the same keys. Secret-free by design
 * (SSH keys are public keys; credentials and the signed identity cannot be overridden).
 */
export interface ImdsConfig {
  /** Absolute path of a file served as `user-data`. */
  userData?: string
  /**
   * Instance tags served under `meta-data/tags/instance/`; absent = the default `Name` tag
   * (DEFAULT_INSTANCE_TAGS), `false` = not served (404, as EC2 without InstanceMetadataTags).
   */
  tags?: Record<string, string> | false
  /** Key-pair name → OpenSSH public key, served as `public-keys/N/openssh-key` in this order. */
  publicKeys?: Record<string, string>
  /** `meta-data/…` or `dynamic/…` path → its value; `null` removes the path. */
  values?: Record<string, string | null>
}

const KEYS = ['userData', 'tags', 'publicKeys', 'values'] as const
const TAG_KEY = /^[\p{L}\p{N} +\-=._:@]{1,128}$/u
const PUBLIC_KEY =
  /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-[\w@.-]+) [A-Za-z0-9+/=]+( [^\n]*)?$/
const VALUE_PATH = /^(meta-data|dynamic)(\/[\w.:@=+-]+)+$/
/** Paths whose value is computed (credentials, signatures): overriding them would lie. */
const COMPUTED = /^(meta-data\/iam\/|meta-data\/identity-credentials\/|dynamic\/instance-identity\/)/

/**
 * Validates an `imds` section; errors name the key (`imds.tags.Na/me`). `userData` is
 * resolved against `baseDir` (the directory of the file it came from).
 */
export function parseImdsConfig(value: unknown, where: string, at: string, baseDir: string): ImdsConfig {
  const bad = (key: string, problem: string) =>
    new UsageError(`${where}: "${at}${key}" ${problem}.`, {
      hint: `Fix "${at}${key}" in ${where} (docs/imds.md lists the keys).`,
      code: 'BadImdsConfig',
    })
  if (!isObject(value)) throw bad('', 'must be a JSON object')
  for (const key of Object.keys(value))
    if (!(KEYS as readonly string[]).includes(key))
      throw bad(key, `is not a known key (expected one of: ${KEYS.join(', ')})`)
  const out: ImdsConfig = {}
  if (value.userData !== undefined) {
    if (typeof value.userData !== 'string' || value.userData === '')
      throw bad('userData', 'must be a file path')
    out.userData = resolve(baseDir, value.userData)
  }
  if (value.tags === false) out.tags = false
  else if (value.tags !== undefined) {
    if (!isObject(value.tags)) throw bad('tags', 'must be an object of tag key → value, or false')
    for (const [key, tag] of Object.entries(value.tags)) {
      if (!TAG_KEY.test(key) || key.startsWith('aws:'))
        throw bad(`tags.${key}`, 'is not a tag key IMDS can serve (no "/", not "aws:", 1-128 characters)')
      if (typeof tag !== 'string' || tag.length > 256) throw bad(`tags.${key}`, 'must be a string (≤ 256)')
    }
    out.tags = value.tags as Record<string, string>
  }
  if (value.publicKeys !== undefined) {
    if (!isObject(value.publicKeys)) throw bad('publicKeys', 'must be an object of key name → public key')
    for (const [name, key] of Object.entries(value.publicKeys)) {
      if (!/^[\w .@+=,-]{1,255}$/.test(name)) throw bad(`publicKeys.${name}`, 'has an invalid key-pair name')
      if (typeof key !== 'string' || !PUBLIC_KEY.test(key.trim()))
        throw bad(`publicKeys.${name}`, 'must be one OpenSSH public key line (ssh-ed25519 AAAA… comment)')
    }
    out.publicKeys = Object.fromEntries(
      Object.entries(value.publicKeys as Record<string, string>).map(([name, key]) => [name, key.trim()]),
    )
  }
  if (value.values !== undefined) {
    if (!isObject(value.values)) throw bad('values', 'must be an object of metadata path → value')
    for (const [path, text] of Object.entries(value.values)) {
      if (!VALUE_PATH.test(path) || path.split('/').some((part) => /^\.+$/.test(part)))
        throw bad(
          `values.${path}`,
          'must be a path under meta-data/ or dynamic/ (e.g. meta-data/instance-type)',
        )
      if (COMPUTED.test(path))
        throw bad(`values.${path}`, 'is computed by the emulator and cannot be overridden')
      if (text !== null && typeof text !== 'string')
        throw bad(`values.${path}`, 'must be a string, or null to remove it')
    }
    out.values = value.values as Record<string, string | null>
  }
  return out
}

/** Reads a `--config FILE` (JSON with the keys of the `imds` section). */
export async function loadImdsConfigFile(file: string): Promise<ImdsConfig> {
  let raw: string
  try {
    raw = await readFile(file, 'utf8')
  } catch (error) {
    throw new UsageError(`Cannot read the IMDS config ${file}: ${systemErrorCode(error) ?? 'error'}.`, {
      hint: 'Give --config an existing JSON file.',
      cause: error,
      code: 'BadImdsConfig',
    })
  }
  let data: unknown
  try {
    data = JSON.parse(raw)
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`, {
      hint: 'Fix the file.',
      code: 'BadImdsConfig',
    })
  }
  return parseImdsConfig(data, file, '', dirname(resolve(file)))
}

/** Layers `over` on `base` key by key (`values` and `tags` merged, the later value wins). */
export function mergeImdsConfig(base: ImdsConfig | undefined, over: ImdsConfig | undefined): ImdsConfig {
  const merged: ImdsConfig = { ...base, ...over }
  for (const key of ['tags', 'values', 'publicKeys'] as const) {
    if (base?.[key] && over?.[key]) Object.assign(merged, { [key]: { ...base[key], ...over[key] } })
  }
  return merged
}

/** Reads the user-data file (bytes as they are: it may be gzip or a MIME multipart). */
export async function readUserData(file: string): Promise<Buffer> {
  try {
    return await readFile(file)
  } catch (error) {
    throw new LocalEnvError(`Cannot read the user data ${file}: ${systemErrorCode(error) ?? 'error'}.`, {
      hint: 'Give --user-data (or imds.userData) an existing file.',
      cause: error,
      code: 'BadUserData',
    })
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
