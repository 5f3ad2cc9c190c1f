#!/usr/bin/env node
// The quickstart demo: the main job on the embedded default, with no AWS account, no network
// and no OS keychain. It stores three secrets in the local encrypted store (in a throwaway
// config dir, with the encrypted-file keychain) and runs a small app under `secrets run`.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = join(root, 'bin', 'run.js')
const home = mkdtempSync(join(tmpdir(), 'secrets-demo-'))
const env = {
  ...process.env,
  XDG_CONFIG_HOME: join(home, 'config'),
  XDG_CACHE_HOME: join(home, 'cache'),
  SECRETS_KEYCHAIN: 'file',
  SECRETS_KEYCHAIN_PASSPHRASE: 'demo-passphrase-not-for-real-use',
}

function secrets(args, input) {
  console.log(`$ secrets ${args.join(' ')}${input === undefined ? '' : '   # value on stdin'}`)
  const r = spawnSync(process.execPath, [bin, ...args], {
    env,
    input,
    stdio: [input === undefined ? 'inherit' : 'pipe', 'inherit', 'inherit'],
    cwd: join(root, 'examples', 'demo-app'),
  })
  if (r.status !== 0) {
    rmSync(home, { recursive: true, force: true })
    process.exit(r.status ?? 1)
  }
}

try {
  secrets(['set', '/demo/dev/db/user'], 'app_user')
  secrets(['set', '/demo/dev/db/password'], 'correct-horse-battery-staple')
  secrets(['set', '/demo/dev/api/token'], `tok_${Math.random().toString(36).slice(2)}${Date.now()}`)
  secrets(['set', '/demo/shared/session-secret'], 'a-long-random-session-secret-0042')
  secrets(['list', '/demo'])
  secrets(['run', '--path', '/demo/dev', '--env-file', '.env', '--explain', '--', 'node', 'app.mjs'])
  console.log(
    `\nThe store is encrypted at ${join(env.XDG_CONFIG_HOME, 'secrets', 'store.enc')} (removed now).`,
  )
} finally {
  rmSync(home, { recursive: true, force: true })
}
