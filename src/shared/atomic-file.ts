import { nodeCrypto } from './lazy-modules.js'
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises'
import { dirname, basename, join } from 'node:path'
import { isProcessAlive } from './process-alive.js'

/**
 * Writes `data` to `path` so that a reader sees either the old or the new content, never a
 * torn file: write a sibling temp file (mode 0600), fsync it, rename over the target, fsync
 * the directory. A crash at any point leaves the previous file intact.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: { mode?: number; durable?: boolean } = {},
): Promise<void> {
  const mode = options.mode ?? 0o600
  // `durable: false` skips the fsyncs for files that may be lost on power failure (caches):
  // the rename still guarantees a reader never sees a torn file.
  const durable = options.durable ?? true
  const dir = dirname(path)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const tmp = join(
    dir,
    `.${basename(path)}.${process.pid}.${nodeCrypto().randomBytes(6).toString('hex')}.tmp`,
  )
  const handle = await open(tmp, 'wx', mode)
  try {
    await handle.writeFile(data)
    if (durable) await handle.sync()
  } catch (error) {
    await handle.close()
    await rm(tmp, { force: true })
    throw error
  }
  await handle.close()
  try {
    await rename(tmp, path)
  } catch (error) {
    await rm(tmp, { force: true })
    throw error
  }
  if (durable) await syncDir(dir)
  await removeOrphanedTempFiles(dir, basename(path))
}

/**
 * Removes temp siblings left by writers that died mid-write (SIGKILL, power loss): their
 * name carries the writer's PID, and a PID that no longer exists cannot finish the write.
 */
async function removeOrphanedTempFiles(dir: string, base: string): Promise<void> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return
  }
  const prefix = `.${base}.`
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue
    const match = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length))
    const pid = match ? Number(match[1]) : NaN
    if (!Number.isInteger(pid) || pid === process.pid || isProcessAlive(pid)) continue
    await rm(join(dir, name), { force: true })
  }
}

async function syncDir(dir: string): Promise<void> {
  // Directory fsync makes the rename durable; not supported everywhere (Windows), so best effort.
  try {
    const handle = await open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    /* best effort */
  }
}
