import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { dirname, basename, join } from 'node:path'

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
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
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
