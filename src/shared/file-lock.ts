import { mkdir, open, readFile, rm, stat } from 'node:fs/promises'
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
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  for (;;) {
    try {
      const handle = await open(path, 'wx', 0o600)
      await handle.writeFile(String(process.pid))
      await handle.close()
      return { release: () => rm(path, { force: true }) }
    } catch (error) {
      if (systemErrorCode(error) !== 'EEXIST') throw error
    }
    if (await isStale(path)) {
      await rm(path, { force: true })
      continue
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for lock ${path}`)
    await new Promise((resolve) => setTimeout(resolve, pollMs))
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
