import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { appendAudit, auditFile } from '../../../src/core/audit/index.js'

/** The audit log is appended only inside a state dir that is the user's and private. */
const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('audit log state dir', () => {
  it.each([
    ['private (0700)', 0o700, true],
    ['group-writable (0770)', 0o770, false],
    ['world-writable (0777)', 0o777, false],
  ])('%s: appended = %s', async (_name, mode, appended) => {
    const state = mkdtempSync(join(tmpdir(), 'audit-dir-'))
    dirs.push(state)
    const dir = join(state, 'secrets')
    mkdirSync(dir)
    chmodSync(dir, mode)
    const env = { XDG_STATE_HOME: state }
    const append = appendAudit({ op: 'get', store: 'local', paths: ['/p'], result: 'ok', exit: 0 }, { env })
    if (appended) await expect(append).resolves.toMatchObject({ seq: 1 })
    else await expect(append).rejects.toMatchObject({ code: 'UnsafeDirectory', exitCode: 5 })
    expect(existsSync(auditFile(env))).toBe(appended)
  })
})
