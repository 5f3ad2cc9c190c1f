import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { acquireLock } from '../../../src/shared/file-lock.js'

const dir = mkdtempSync(join(tmpdir(), 'file-lock-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Above Linux's largest pid_max (2^22): never a running process. */
const DEAD_PID = 2 ** 22 + 12_345

describe('acquireLock: what an existing lock file means', () => {
  const secondsAgo = (path: string, s: number) => {
    const t = new Date(Date.now() - s * 1000)
    utimesSync(path, t, t)
  }
  it.each([
    // [case, lock file content, its age in seconds, taken over?]
    ['a dead holder', String(DEAD_PID), 0, true],
    ['an empty lock left by a holder killed before writing its PID', '', 5, true],
    ['a garbled lock, old', 'not-a-pid', 5, true],
    ['an empty lock just created (its holder is writing the PID)', '', 0, false],
    ['a live holder (this process)', String(process.pid), 5, false],
  ])('%s', async (name, content, age, takenOver) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.lock`)
    writeFileSync(path, content)
    secondsAgo(path, age)
    const attempt = acquireLock(path, { timeoutMs: 300, pollMs: 20 })
    if (takenOver) {
      const lock = await attempt
      await lock.release()
    } else {
      await expect(attempt).rejects.toThrow(/timed out after 300 ms/)
    }
  })
})
