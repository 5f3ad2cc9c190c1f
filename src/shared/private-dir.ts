import { readFileSync, statSync } from 'node:fs'
import { LocalEnvError, systemErrorCode } from './errors.js'

/**
 * The one check of the directories `secrets` keeps its own files in (issue #19 items 9 and
 * 11): the config dir (local store, file keychain, trust store, the agent's recorded
 * directory), the cache dir (offline cache), the state dir (audit log) and the unlock agent's
 * directory. Another user who owns or can write such a directory can replace, roll back or
 * remove what is in it, so those are refused; one that others can only read is a warning
 * (the files inside are 0600, but their names and sizes show). Each message names the owner
 * and the mode, and the fix.
 */

export interface DirVerdict {
  level: 'refuse' | 'warn'
  message: string
}

/** `alice (uid 1001)`, from /etc/passwd where the uid is listed there. */
export function describeOwner(uid: number): string {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [name, , id] = line.split(':')
      if (name && Number(id) === uid) return `${name} (uid ${uid})`
    }
  } catch {
    // no passwd file (some containers): the uid alone
  }
  return `uid ${uid}`
}

function modeText(mode: number): string {
  return `mode ${(mode & 0o777).toString(8).padStart(4, '0')}`
}

/**
 * What is wrong with `dir`, or undefined when it is the user's and private (or absent: it is
 * then created 0700). `strict` (the agent's socket directory): any group/other bit refuses.
 */
export function checkPrivateDir(
  dir: string,
  options: { strict?: boolean; uid?: number | undefined } = {},
): DirVerdict | undefined {
  const uid = 'uid' in options ? options.uid : process.getuid?.()
  let stat
  try {
    stat = statSync(dir)
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') return undefined
    return { level: 'refuse', message: `${dir} cannot be checked (${systemErrorCode(error) ?? 'error'})` }
  }
  if (!stat.isDirectory()) return { level: 'refuse', message: `${dir} is not a directory` }
  if (uid !== undefined && stat.uid !== uid)
    return {
      level: 'refuse',
      message: `${dir} is owned by ${describeOwner(stat.uid)}, not by you (${describeOwner(uid)}); ${modeText(stat.mode)}`,
    }
  if ((stat.mode & 0o022) !== 0)
    return {
      level: 'refuse',
      message: `${dir} is writable by ${stat.mode & 0o002 ? 'other users' : 'its group'} (${modeText(stat.mode)}, owner ${describeOwner(stat.uid)})`,
    }
  if ((stat.mode & 0o077) !== 0)
    return {
      level: options.strict ? 'refuse' : 'warn',
      message: `${dir} is readable by other users (${modeText(stat.mode)}, owner ${describeOwner(stat.uid)})`,
    }
  return undefined
}

/**
 * Checks `dir` before `secrets` reads or writes its files there: throws (exit 5) on a refusal,
 * passes a warning to `warn`. Each directory is checked once per process.
 */
export function requirePrivateDir(dir: string, warn?: (message: string) => void): void {
  if (checked.has(dir)) return
  const verdict = checkPrivateDir(dir)
  if (verdict?.level === 'refuse')
    throw new LocalEnvError(`Refusing to use ${verdict.message}.`, {
      hint: `If the directory is yours, make it private: chmod 700 '${dir}' (and chown it to yourself); otherwise move it aside. Nothing was read or written.`,
      code: 'UnsafeDirectory',
    })
  checked.add(dir)
  if (verdict) warn?.(`${verdict.message}: run chmod 700 '${dir}'.`)
}

const checked = new Set<string>()
