import { lstatSync, readFileSync, statSync, type Stats } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { LocalEnvError, systemErrorCode } from '../../shared/errors.js'
import { parseProjectConfig, PROJECT_CONFIG_FILE, type ProjectConfig } from './project-config.js'

export interface ConfigSearchOptions {
  /** `HOME` for where the search stops outside git (default: the process's). */
  env?: NodeJS.ProcessEnv
  /** Told (a warning for the human) when a config is found and ignored, with the reason. */
  onIgnored?: (message: string) => void
  /** The current user (tests); default `process.getuid()`. Undefined (Windows): no owner checks. */
  uid?: number | undefined
}

/**
 * Walks up from `cwd` to the first `.secretsrc.json` the current user may rely on, git's
 * `safe.directory` lesson: a file that is not the user's (or root's), or lies in (or is) a
 * place group or others can write, is ignored, named through `onIgnored`, and never read,
 * so a planted file (`/tmp/.secretsrc.json`) can neither steer nor break a command. The
 * search ends at the git top level (a directory holding `.git`), else at `$HOME`, else
 * after the first directory the user does not own. Undefined when there is none.
 */
export async function findProjectConfig(
  cwd: string,
  options: ConfigSearchOptions = {},
): Promise<ProjectConfig | undefined> {
  const uid = 'uid' in options ? options.uid : process.getuid?.()
  const home = resolve(options.env?.HOME || homedir())
  let dir = resolve(cwd)
  for (let depth = 0; depth < 256; depth++) {
    const file = join(dir, PROJECT_CONFIG_FILE)
    const found = lstatOrUndefined(file)
    if (found) {
      const unsafe = uid === undefined ? undefined : unsafeBecause(file, found, uid)
      if (unsafe) {
        options.onIgnored?.(
          `ignoring ${file}: ${unsafe}. A config others can write could steer secrets and files to them.`,
        )
        return undefined
      }
      return parseProjectConfig(readConfig(file), file)
    }
    if (dir === home || lstatOrUndefined(join(dir, '.git'))) return undefined
    if (uid !== undefined && statSync(dir).uid !== uid) return undefined
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
  return undefined
}

/** Why the user (uid) must not rely on the config file at `file`, or undefined when it is safe. */
export async function unsafeConfigReason(file: string, uid: number): Promise<string | undefined> {
  return unsafeBecause(file, lstatSync(file), uid)
}

function unsafeBecause(file: string, link: Stats, uid: number): string | undefined {
  const trusted = (owner: number) => owner === uid || owner === 0
  if (link.isSymbolicLink() && !trusted(link.uid)) return `the link is owned by uid ${link.uid}, not you`
  const target = link.isSymbolicLink() ? statOrUndefined(file) : link
  if (!target || !target.isFile()) return 'it is not a regular file'
  if (!trusted(target.uid)) return `it is owned by uid ${target.uid}, not you (uid ${uid}) or root`
  if (target.mode & 0o022) return `it is writable by ${whoCanWrite(target.mode)} (mode ${octal(target.mode)})`
  const parent = statSync(dirname(file))
  if (parent.mode & 0o022)
    return `its directory ${dirname(file)} is writable by ${whoCanWrite(parent.mode)} (mode ${octal(parent.mode)})`
  return undefined
}

function whoCanWrite(mode: number): string {
  return mode & 0o002 ? 'everyone' : 'its group'
}

function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0')
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}

/**
 * The search's file system calls are synchronous: a few stats of small local paths on every
 * command's start, and no thread pool to start for them (~3 ms of CPU on a process's first
 * asynchronous fs call; the fast paths make none now).
 */
function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path)
  } catch (error) {
    const code = systemErrorCode(error)
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw new LocalEnvError(`Cannot read ${path}: ${code ?? 'error'}.`, { cause: error })
  }
}

function readConfig(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new LocalEnvError(`Cannot read ${file}: ${systemErrorCode(error) ?? 'error'}.`, { cause: error })
  }
}
