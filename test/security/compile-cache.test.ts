// The module compile cache (bin/run.js, Node >= 22): V8 runs the compiled code it finds there
// on the next start, so a cache dir another OS user can write is a way to run code as the user.
// The attack: XDG_CACHE_HOME on a shared directory (/tmp-like, sticky and world-writable), where
// a second OS user (useradd) pre-creates `secrets/compile-cache` as their own, mode 0777, and
// waits for the victim's compiled modules to appear (to replace them). The old bin/run.js
// (before the ownership check) enabled the cache in that dir and wrote every module it loaded
// there, owned by the victim but in a directory the attacker controls. Now the CLI starts
// without the cache: nothing is written there, and it still works.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli, tempHome } from '../helpers/cli.js'

const ATTACKER = 'secrets-cc-attacker'
const asRoot = process.getuid?.() === 0
const shared = mkdtempSync(join(tmpdir(), 'secrets-shared-cache-'))
afterAll(() => {
  rmSync(shared, { recursive: true, force: true })
  if (asRoot) execFileSync('userdel', [ATTACKER], { stdio: 'ignore' })
})

describe('compile cache in a directory another user controls', () => {
  it.skipIf(!asRoot)(
    'is not used: no compiled module is written there (needs root for useradd)',
    async () => {
      chmodSync(shared, 0o1777)
      execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', ATTACKER], {
        stdio: 'ignore',
      })
      const planted = join(shared, 'secrets', 'compile-cache')
      // The attacker's own directory tree, made before the victim's first run.
      execFileSync('su', [
        '-s',
        '/bin/sh',
        ATTACKER,
        '-c',
        `umask 000 && mkdir -p '${planted}' && chmod 0777 '${join(shared, 'secrets')}' '${planted}'`,
      ])
      const home = tempHome()
      try {
        const r = await runCli(['--version'], { env: { ...home.env, XDG_CACHE_HOME: shared } })
        expect(r.exitCode, String(r.stderr)).toBe(0)
        expect(readdirSync(planted)).toEqual([])
        // The same start with a cache dir of its own does use the cache (on Node >= 22).
        const own = await runCli(['--version'], { env: home.env })
        expect(own.exitCode).toBe(0)
        const ownDir = join(home.dir, '.cache', 'secrets', 'compile-cache')
        const major = Number(process.versions.node.split('.')[0])
        if (major >= 22) expect(readdirSync(ownDir).length).toBeGreaterThan(0)
      } finally {
        home.remove()
      }
    },
  )
})
