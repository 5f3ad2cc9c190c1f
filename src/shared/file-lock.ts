import { closeSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { systemErrorCode } from './errors.js'
import { isProcessAlive } from './process-alive.js'

export interface LockOptions {
  /** Give up after this long (ms). */
  timeoutMs?: number
  /** Poll interval while another process holds the lock (ms). */
  pollMs?: number
}

export interface Lock {
  release(): Promise<void>
}

/**
 * Takes an exclusive cross-process lock: a file created with O_EXCL holding the owner's
 * PID. A lock whose owner process no longer exists is stale and taken over, so a crashed
 * holder never blocks later runs. A holder killed between creating the file and writing its
 * PID leaves it empty: an empty or unparseable lock older than EMPTY_LOCK_GRACE_MS is stale
 * too (without that rule the next run waited for the whole timeout). Same-host only, which
 * is what a workstation needs.
 */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<Lock> {
  const timeoutMs = options.timeoutMs ?? 120_000
  const pollMs = options.pollMs ?? 50
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (tryCreate(path)) return { release: async () => removeLock(path) }
    if (await isStale(path)) {
      removeLock(path)
      continue
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for lock ${path}`)
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
}

/**
 * Creates the lock file (O_EXCL) with our PID; false when another holder has it. Synchronous:
 * three system calls that every store write and audited command makes, cheaper than a trip
 * through the thread pool each; waiting for a holder stays asynchronous.
 */
function tryCreate(path: string): boolean {
  let fd: number
  try {
    fd = openSync(path, 'wx', 0o600)
  } catch (error) {
    const code = systemErrorCode(error)
    if (code === 'EEXIST') return false
    if (code !== 'ENOENT') throw error
    // The directory is missing (first use): create it, then try again.
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
    fd = openSync(path, 'wx', 0o600)
  }
  try {
    writeSync(fd, String(process.pid))
  } finally {
    closeSync(fd)
  }
  return true
}

function removeLock(path: string): void {
  try {
    unlinkSync(path)
  } catch (error) {
    if (systemErrorCode(error) !== 'ENOENT') throw error
  }
}

/** How old an empty or unparseable lock file must be before it counts as abandoned. */
const EMPTY_LOCK_GRACE_MS = 2_000

async function isStale(path: string): Promise<boolean> {
  let pid: number
  try {
    pid = Number.parseInt(await readFile(path, 'utf8'), 10)
  } catch {
    return false // released meanwhile: try again
  }
  if (!Number.isInteger(pid) || pid <= 0) return olderThan(path, EMPTY_LOCK_GRACE_MS)
  return !isProcessAlive(pid)
}

async function olderThan(path: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs > ms
  } catch {
    return false
  }
}

/** Runs `fn` while holding the lock at `path`. */
export async function withLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lock = await acquireLock(path, options)
  try {
    return await fn()
  } finally {
    await lock.release()
  }
}
