/**
 * Issue 19 item 9: the local store's file is trusted only at the generation its key says.
 *
 * Old code: `store.enc` was sealed with a fixed associated data (`secrets-local-store/1`), so
 * any older copy sealed with the same key opened fine. Someone with write access to the
 * config directory who kept a copy (or a backup restored by mistake) put it back after the
 * user rotated a leaked token, and `get`/`run` silently served the revoked value again. A
 * deleted `store.enc` read as an empty store: `list` said nothing was there (exit 0) and the
 * next `set` created a fresh store in its place, so the loss went unnoticed.
 * (Checked by hand against a build of main at cffd1ad: `get` after the rollback printed the
 * leaked value with exit 0; after the deletion `list` exited 0 and `set` created a new store.enc.)
 *
 * Now the keychain item holding the data key also holds a generation that every write
 * raises, and the file's associated data binds its generation: an older file is refused
 * (exit 5, 125 for run), and a missing file whose key says it was written is exit 5 with
 * nothing created. These attacks run as a separate process of the same user (the writer of
 * the config directory); with the file keychain in the same directory a writer can roll
 * both files back together (docs/security.md says so), which the OS keychain prevents.
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, describe, expect, it } from 'vitest'
import { filesUnder, runCli, tempHome, type TempHome } from '../helpers/cli.js'

const homes: TempHome[] = []
afterAll(() => homes.forEach((h) => h.remove()))

describe.each(['os', 'file'] as const)('local store rollback and removal (%s keychain)', (keychain) => {
  it('an older store.enc put back is refused: the revoked value is never served', async () => {
    const h = tempHome({ keychain })
    homes.push(h)
    const store = join(h.dir, '.config', 'secrets', 'store.enc')
    const leaked = 'leaked-token-0ld-5a7b'
    const fresh = 'rotated-token-n3w-9c2d'
    expect((await runCli(['set', '/app/token'], { env: h.env, input: leaked })).exitCode).toBe(0)
    // The attacker keeps a copy; the user rotates the leaked token.
    const copy = join(h.dir, 'kept-copy.enc')
    await execa('cp', [store, copy])
    expect((await runCli(['set', '/app/token'], { env: h.env, input: fresh })).exitCode).toBe(0)
    const latest = join(h.dir, 'latest.enc')
    copyFileSync(store, latest)
    // The attacker puts the old file back.
    await execa('cp', [copy, store])
    const get = await runCli(['get', '/app/token'], { env: h.env })
    expect(get.exitCode).toBe(5)
    expect(get.stdout).not.toContain(leaked)
    expect(get.stderr).toMatch(/older than its key in the keychain says .*put back/)
    const run = await runCli(['run', '--path', '/app', '--', 'sh', '-c', 'echo "TOKEN=$TOKEN"'], {
      env: h.env,
    })
    expect(run.exitCode).toBe(125)
    expect(run.stdout).not.toContain(leaked)
    // A write on top of the old file is refused too: the rollback cannot be laundered.
    const set = await runCli(['set', '/app/other'], { env: h.env, input: 'x-value-1' })
    expect(set.exitCode).toBe(5)
    expect(readFileSync(store)).toEqual(readFileSync(copy))
    // Nothing was lost: the latest file, put back, reads the rotated value.
    copyFileSync(latest, store)
    const restored = await runCli(['get', '/app/token'], { env: h.env })
    expect([restored.exitCode, restored.stdout]).toEqual([0, fresh])
  }, 60_000)

  it('a deleted store.enc is exit 5 for list, get, set and run, and nothing is created', async () => {
    const h = tempHome({ keychain })
    homes.push(h)
    const store = join(h.dir, '.config', 'secrets', 'store.enc')
    expect((await runCli(['set', '/app/key'], { env: h.env, input: 'kept-value-77' })).exitCode).toBe(0)
    const backup = join(h.dir, 'backup.enc')
    copyFileSync(store, backup)
    await execa('rm', [store])
    const before = filesUnder(h.dir)
    for (const args of [['list'], ['get', '/app/key'], ['history', '/app/key']]) {
      const r = await runCli(args, { env: h.env })
      expect(r.exitCode, args.join(' ')).toBe(5)
      expect(r.stderr).toMatch(/store\.enc is missing, but its key .* says it was written/)
    }
    const set = await runCli(['set', '/app/new'], { env: h.env, input: 'must-not-start-a-new-store' })
    expect(set.exitCode).toBe(5)
    const run = await runCli(['run', '--path', '/app', '--', 'true'], { env: h.env })
    expect(run.exitCode).toBe(125)
    expect(existsSync(store)).toBe(false)
    // Only the audit log may have grown; no store file, no new key.
    const after = filesUnder(h.dir)
    for (const [name, bytes] of before)
      if (!name.includes('audit.log')) expect(after.get(name), name).toBe(bytes)
    expect([...after.keys()].filter((n) => !before.has(n) && !n.includes('audit.log'))).toEqual([])
    // Restoring the latest copy brings everything back.
    copyFileSync(backup, store)
    expect((await runCli(['get', '/app/key'], { env: h.env })).stdout).toBe('kept-value-77')
  }, 60_000)
})
