import { readFile, realpath, stat } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { writeFileAtomic } from '../../shared/atomic-file.js'
import { configDir } from '../../shared/config-dir.js'
import { LocalEnvError, UsageError, systemErrorCode } from '../../shared/errors.js'
import type { HumanOutput } from '../../shared/human-output.js'
import { nodeCrypto } from '../../shared/lazy-modules.js'
import { unsafeConfigReason } from './config-search.js'
import { parseProjectConfig, type ProjectConfig } from './project-config.js'

/**
 * Consent to a project config, direnv/mise-style: a cloned repository's `.secretsrc.json`
 * decides which of the user's secrets and files reach a child, so it is used only after
 * `secrets trust` recorded its path and the SHA-256 of its content and of every env file it
 * names. Any change asks again. The record (`trust.json` in the user's config dir, 0600)
 * holds paths and hashes only: it is not a secret, but it is the user's consent.
 */

/** Whether a config may be used; `changed` names what differs from the recorded consent. */
export type TrustVerdict =
  | { state: 'trusted'; file: string }
  | { state: 'untrusted'; file: string }
  | { state: 'changed'; file: string; changed: string[] }
  | { state: 'foreign'; file: string; reason: string }

export interface TrustOptions {
  env: NodeJS.ProcessEnv
  /** The current user (tests); default `process.getuid()`. */
  uid?: number | undefined
}

interface TrustRecord {
  sha256: string
  /** Env file (absolute path) → SHA-256 of its bytes, or "absent". */
  files: Record<string, string>
  trustedAt: string
}

interface TrustStore {
  version: 1
  configs: Record<string, TrustRecord>
}

/** Keys that steer nothing a child or the user's files receive: no consent needed. */
const INERT_KEYS = new Set(['$schema', 'scan', 'mask'])

/** The trust store's path: `trust.json` in the user's config dir. */
export function trustStorePath(env: NodeJS.ProcessEnv): string {
  return join(configDir(env), 'trust.json')
}

/**
 * The verdict for the config at `file` (absolute): `foreign` when it is not the user's or
 * others can write it (never usable), else whether recorded consent matches its content
 * and its env files. Throws a UsageError when the file is not a valid config.
 */
export async function trustVerdict(file: string, options: TrustOptions): Promise<TrustVerdict> {
  const path = await canonical(file)
  const uid = 'uid' in options ? options.uid : process.getuid?.()
  if (uid !== undefined) {
    const reason = await unsafeConfigReason(path, uid)
    if (reason) return { state: 'foreign', file: path, reason }
  }
  const seen = await fingerprint(path)
  const recorded = (await readTrustStore(options.env)).configs[path]
  if (!recorded) return { state: 'untrusted', file: path }
  const changed = differences(recorded, seen)
  return changed.length ? { state: 'changed', file: path, changed } : { state: 'trusted', file: path }
}

/**
 * The gate every command passes before it uses a project config: files it names must lie in
 * the project directory; then recorded consent must match. On a terminal, the first use
 * shows what the config asks for and asks once; elsewhere it refuses (LocalEnvError: exit 5,
 * 125 for `run`) with the exact `secrets trust` command.
 */
export async function requireTrustedConfig(
  config: ProjectConfig,
  deps: TrustOptions & { human: HumanOutput },
): Promise<void> {
  const data = JSON.parse(await readText(config.file)) as Record<string, unknown>
  if (!Object.keys(data).some((key) => !INERT_KEYS.has(key))) return
  await refuseOutsideFiles(config)
  const verdict = await trustVerdict(config.file, deps)
  if (verdict.state === 'trusted') return
  const command = `secrets trust ${shellQuote(verdict.file)}`
  if (verdict.state === 'foreign')
    throw new LocalEnvError(`Not using ${verdict.file}: ${verdict.reason}.`, {
      hint: 'Remove it, or make it yours and writable only by you.',
      code: 'ForeignProjectConfig',
    })
  const what =
    verdict.state === 'changed'
      ? `${verdict.file} changed since you trusted it (${verdict.changed.join(', ')})`
      : `${verdict.file} is not trusted yet`
  const prompt = deps.human.prompt
  if (!prompt)
    throw new LocalEnvError(`${what}: a project config decides which secrets and files reach a command.`, {
      hint: `Review it, then run: ${command}`,
      code: 'UntrustedProjectConfig',
    })
  const review = await reviewProjectConfig(verdict.file)
  deps.human.notice(`${what}. It asks for:\n${review.lines.map((line) => `  ${line}`).join('\n')}`)
  const answer = (await prompt.text(`Trust ${verdict.file} and use it? [y/N]`)).trim().toLowerCase()
  if (answer !== 'y' && answer !== 'yes')
    throw new LocalEnvError(`${what}, and you did not trust it.`, {
      hint: `Review it, then run: ${command}`,
      code: 'UntrustedProjectConfig',
    })
  await recordTrust(verdict.file, deps)
}

/** What a config asks for, line by line, for the consent prompt and `secrets trust`. */
export async function reviewProjectConfig(
  file: string,
): Promise<{ file: string; needsTrust: boolean; lines: string[] }> {
  const path = await canonical(file)
  const raw = await readText(path)
  const config = parseProjectConfig(raw, path)
  const data = JSON.parse(raw) as Record<string, unknown>
  const lines: string[] = []
  const settings = (label: string, s: Record<string, unknown>) => {
    for (const key of ['store', 'profile', 'region'] as const)
      if (s[key] !== undefined) lines.push(`${label}${key}: ${String(s[key])}`)
    if (Array.isArray(s.paths)) lines.push(`${label}paths (every parameter under): ${s.paths.join(', ')}`)
    if (Array.isArray(s.envFiles)) lines.push(`${label}env files: ${s.envFiles.join(', ')}`)
  }
  settings('', data)
  for (const [name, env] of Object.entries(config.environments))
    settings(`environment ${name}: `, env as Record<string, unknown>)
  for (const file of envFilesOf(config)) {
    const references = await referencesIn(file)
    if (references.length) lines.push(`${relative(config.dir, file)} injects ${references.join(', ')}`)
  }
  if (config.imds?.userData) lines.push(`imds user data (served to local processes): ${config.imds.userData}`)
  for (const [key, value] of Object.entries(data)) {
    if (['store', 'profile', 'region', 'paths', 'envFiles', 'environments', '$schema'].includes(key)) continue
    if (key === 'imds' && Object.keys(value as object).every((k) => k === 'userData')) continue
    if (key === 'defaultEnvironment' || INERT_KEYS.has(key)) continue
    lines.push(`${key}: ${JSON.stringify(value)}`)
  }
  return { file: path, needsTrust: Object.keys(data).some((key) => !INERT_KEYS.has(key)), lines }
}

/**
 * Records consent for the config at `file` as it is now (content and env files). Refuses a
 * foreign config and one naming files outside its project directory.
 */
export async function recordTrust(file: string, options: TrustOptions): Promise<string> {
  const path = await canonical(file)
  const uid = 'uid' in options ? options.uid : process.getuid?.()
  const reason = uid === undefined ? undefined : await unsafeConfigReason(path, uid)
  if (reason)
    throw new LocalEnvError(`Cannot trust ${path}: ${reason}.`, {
      hint: 'Only a config that is yours and writable only by you can be trusted.',
      code: 'ForeignProjectConfig',
    })
  await refuseOutsideFiles(parseProjectConfig(await readText(path), path))
  const store = await readTrustStore(options.env)
  store.configs[path] = { ...(await fingerprint(path)), trustedAt: new Date().toISOString() }
  await writeTrustStore(options.env, store)
  return path
}

/** Forgets the consent for `file`; false when there was none. */
export async function revokeTrust(file: string, options: TrustOptions): Promise<boolean> {
  const path = resolve(file)
  const store = await readTrustStore(options.env)
  const key = store.configs[path] ? path : await canonical(path).catch(() => path)
  if (!store.configs[key]) return false
  delete store.configs[key]
  await writeTrustStore(options.env, store)
  return true
}

/** Every recorded consent with its verdict now (`missing` when the file is gone). */
export async function listTrust(
  options: TrustOptions,
): Promise<Array<{ file: string; trustedAt: string; state: TrustVerdict['state'] | 'missing' }>> {
  const store = await readTrustStore(options.env)
  return Promise.all(
    Object.entries(store.configs).map(async ([file, record]) => {
      const state = await trustVerdict(file, options).then(
        (v) => v.state,
        () => 'missing' as const,
      )
      return { file, trustedAt: record.trustedAt, state }
    }),
  )
}

/**
 * Refuses a config whose env files or user data resolve outside its directory (`../`, an
 * absolute path, a symlink out): another project's files come only from the command line.
 */
async function refuseOutsideFiles(config: ProjectConfig): Promise<void> {
  const root = await realpath(config.dir)
  const named = [
    ...envFilesOf(config).map((file) => ({ key: 'envFiles', file })),
    ...(config.imds?.userData ? [{ key: 'imds.userData', file: config.imds.userData }] : []),
  ]
  for (const { key, file } of named) {
    const real = await realpath(file).catch(() => resolve(file))
    if (!inside(resolve(file), resolve(config.dir)) || !inside(real, root))
      throw new LocalEnvError(
        `${config.file}: "${key}" names ${file}, outside the project directory ${config.dir}.`,
        {
          hint: `A project config may name files only inside its project; pass another file on the command line (--${key === 'envFiles' ? 'env-file' : 'user-data'}).`,
          code: 'ProjectFileOutside',
        },
      )
  }
}

function inside(path: string, root: string): boolean {
  const rel = relative(root, path)
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel)
}

/** Every env file the config names, in any environment, as absolute paths. */
function envFilesOf(config: ProjectConfig): string[] {
  const lists = [config.envFiles ?? [], ...Object.values(config.environments).map((e) => e.envFiles ?? [])]
  return [...new Set(lists.flat().map((file) => resolve(config.dir, file)))]
}

async function fingerprint(path: string): Promise<Omit<TrustRecord, 'trustedAt'>> {
  const raw = await readFile(path)
  const config = parseProjectConfig(raw.toString('utf8'), path)
  const files: Record<string, string> = {}
  for (const file of envFilesOf(config)) {
    const bytes = await readFile(file).catch((error: unknown) => {
      if (systemErrorCode(error) === 'ENOENT') return undefined
      throw new LocalEnvError(`Cannot read ${file}: ${systemErrorCode(error) ?? 'error'}.`, { cause: error })
    })
    files[file] = bytes ? sha256(bytes) : 'absent'
  }
  return { sha256: sha256(raw), files }
}

function differences(
  recorded: Omit<TrustRecord, 'trustedAt'>,
  seen: Omit<TrustRecord, 'trustedAt'>,
): string[] {
  const changed: string[] = []
  if (recorded.sha256 !== seen.sha256) changed.push('its content')
  for (const file of new Set([...Object.keys(recorded.files), ...Object.keys(seen.files)]))
    if (recorded.files[file] !== seen.files[file]) changed.push(file)
  return changed
}

/** `NAME=ssm:/path` and `NAME=local:/path` lines of an env file, for the review (best effort). */
async function referencesIn(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '')
  const out: string[] = []
  for (const match of text.matchAll(/^\s*(?:export\s+)?([\w.]+)\s*=\s*["']?((?:ssm|local):\/[^\s"'#]*)/gm))
    out.push(`${match[1]}=${match[2]}`)
  return out
}

function sha256(bytes: Uint8Array): string {
  return nodeCrypto().createHash('sha256').update(bytes).digest('hex')
}

async function canonical(file: string): Promise<string> {
  const absolute = resolve(file)
  const info = await stat(absolute).catch((error: unknown) => {
    throw new UsageError(`Cannot read ${absolute}: ${systemErrorCode(error) ?? 'error'}.`, {
      hint: 'Name an existing .secretsrc.json (or run in its project).',
    })
  })
  const path = info.isDirectory() ? join(absolute, '.secretsrc.json') : absolute
  // The directory is made canonical, not the file: a symlinked config is judged as a link.
  return join(await realpath(dirname(path)), path.slice(dirname(path).length + 1))
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw new UsageError(`Cannot read ${path}: ${systemErrorCode(error) ?? 'error'}.`, {
      hint: 'Name an existing .secretsrc.json (or run in its project).',
    })
  }
}

async function readTrustStore(env: NodeJS.ProcessEnv): Promise<TrustStore> {
  const file = trustStorePath(env)
  let raw: string
  try {
    raw = await readFile(file, 'utf8')
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') return { version: 1, configs: {} }
    throw new LocalEnvError(`Cannot read the trust store ${file}: ${systemErrorCode(error) ?? 'error'}.`, {
      cause: error,
    })
  }
  try {
    const data = JSON.parse(raw) as TrustStore
    if (data.version === 1 && typeof data.configs === 'object' && data.configs !== null) return data
  } catch {
    // Reported below.
  }
  throw new LocalEnvError(`The trust store ${file} is not valid.`, {
    hint: `Remove it (every project will ask for consent again): rm ${shellQuote(file)}`,
  })
}

async function writeTrustStore(env: NodeJS.ProcessEnv, store: TrustStore): Promise<void> {
  await writeFileAtomic(trustStorePath(env), `${JSON.stringify(store, null, 2)}\n`, { mode: 0o600 })
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`
}

/** What `secrets trust` did. */
export type TrustResult =
  | { mode: 'trust'; file: string; asks: string[]; trusted: boolean }
  | { mode: 'revoke'; file: string; revoked: boolean }
  | { mode: 'list'; configs: Awaited<ReturnType<typeof listTrust>> }

/**
 * `secrets trust [FILE] [--yes] | --list | --revoke [FILE]`: FILE (or its directory), else
 * the config the upward search finds from `cwd`. Trusting shows what the config asks for
 * (through the port), then asks on a terminal unless `yes`; without either it refuses.
 */
export async function manageTrust(
  input: { mode: 'trust' | 'revoke' | 'list'; file?: string | undefined; yes: boolean; cwd: string },
  deps: TrustOptions & { human: HumanOutput },
): Promise<TrustResult> {
  if (input.mode === 'list') return { mode: 'list', configs: await listTrust(deps) }
  const file = input.file !== undefined ? resolve(input.cwd, input.file) : await foundFrom(input.cwd, deps)
  if (input.mode === 'revoke') {
    const path = await canonical(file).catch(() => resolve(file))
    return { mode: 'revoke', file: path, revoked: await revokeTrust(path, deps) }
  }
  const review = await reviewProjectConfig(file)
  deps.human.notice(
    `${review.file} asks for:\n${(review.lines.length ? review.lines : ['nothing beyond scan settings']).map((l) => `  ${l}`).join('\n')}`,
  )
  if (!input.yes) {
    if (!deps.human.prompt)
      throw new LocalEnvError(`Not trusting ${review.file} without a confirmation.`, {
        hint: `Review it, then run: secrets trust ${shellQuote(review.file)} --yes`,
        code: 'UntrustedProjectConfig',
      })
    const answer = (await deps.human.prompt.text(`Trust ${review.file}? [y/N]`)).trim().toLowerCase()
    if (answer !== 'y' && answer !== 'yes')
      return { mode: 'trust', file: review.file, asks: review.lines, trusted: false }
  }
  await recordTrust(review.file, deps)
  return { mode: 'trust', file: review.file, asks: review.lines, trusted: true }
}

async function foundFrom(cwd: string, deps: TrustOptions & { human: HumanOutput }): Promise<string> {
  const { findProjectConfig } = await import('./config-search.js')
  const found = await findProjectConfig(cwd, { env: deps.env, onIgnored: (m) => deps.human.warn(m) })
  if (!found)
    throw new UsageError(`No .secretsrc.json you own was found from ${cwd}.`, {
      hint: 'Run it in the project, or name the file: secrets trust path/to/.secretsrc.json',
    })
  return found.file
}
