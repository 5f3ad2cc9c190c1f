import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { execa, execaSync, type Options, type Result } from 'execa'

export const ROOT = resolve(import.meta.dirname, '..', '..')
export const BIN = join(ROOT, 'bin', 'run.js')

/** A throwaway HOME/XDG tree for one test; remove() deletes it. */
export interface TempHome {
  dir: string
  env: Record<string, string>
  remove(): void
}

/**
 * Makes an isolated user environment: its own HOME, XDG dirs and AWS config, and the file
 * keychain (pass `{ keychain: 'os' }` for the real Secret Service of this test session).
 */
export function tempHome(options: { keychain?: 'os' | 'file' } = {}): TempHome {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-test-'))
  // Outside HOME, so tests that snapshot HOME see only what the CLI wrote there.
  const runtime = mkdtempSync(join(tmpdir(), 'secrets-test-run-'))
  const env: Record<string, string> = {
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, '.config'),
    XDG_CACHE_HOME: join(dir, '.cache'),
    AWS_CONFIG_FILE: join(dir, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, '.aws', 'credentials'),
    // A runtime dir per home: an unlock agent (and the emulator's control socket) a test
    // starts lives there, and exits when remove() deletes its socket.
    XDG_RUNTIME_DIR: runtime,
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
  }
  if ((options.keychain ?? 'file') === 'file') {
    env.SECRETS_KEYCHAIN = 'file'
    env.SECRETS_KEYCHAIN_PASSPHRASE = 'test-passphrase'
    // Test-only scrypt cost, honoured only under the OS temp dir (file-keychain-format.ts).
    env.SECRETS_TEST_ONLY_CHEAP_KDF = '1'
  } else {
    // A unique service name keeps tests that share the session's Secret Service apart.
    env.SECRETS_KEYCHAIN = 'os'
    env.SECRETS_KEYCHAIN_SERVICE = `secrets-test-${dir.split('-').at(-1)}`
  }
  const remove = () => {
    rmSync(dir, { recursive: true, force: true })
    rmSync(runtime, { recursive: true, force: true })
  }
  return { dir, env, remove }
}

/**
 * Environment variables a test must not inherit from the machine (real AWS identity etc.).
 * SECRETS_FAST_PATH is kept: `SECRETS_FAST_PATH=0 bash scripts/test.sh …` runs the CLI tests
 * on the oclif path instead of the start-up fast path (bin/run.js), to show both agree.
 */
const STRIPPED = /^(AWS_|SECRETS_(?!FAST_PATH$))/

/** Runs the built CLI as a real process with a clean environment; never throws on exit codes. */
export async function runCli(
  args: string[],
  options: { env?: Record<string, string>; input?: string; cwd?: string; timeout?: number } = {},
): Promise<Result> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !STRIPPED.test(k)))
  const execaOptions: Options = {
    env: { ...base, ...options.env },
    extendEnv: false,
    reject: false,
    cwd: options.cwd ?? ROOT,
    timeout: options.timeout ?? 60_000,
    ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' }),
  }
  return execa('node', [BIN, ...args], execaOptions) as unknown as Promise<Result>
}

/** Every file under `dir` with its bytes (base64), to prove a failure changed nothing on disk. */
export function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      // Node >= 22 writes the compiled code of every module a start loads (bin/run.js): not ours.
      if (p.endsWith(join('.cache', 'secrets', 'compile-cache'))) continue
      // The audit log records the failed operation too (docs/audit.md): a record, not a change to data.
      if (/audit\.log(\.\d+)?(\.lock)?$/.test(name)) continue
      if (statSync(p).isDirectory()) walk(p)
      else out.set(relative(dir, p), readFileSync(p).toString('base64'))
    }
  }
  walk(dir)
  return out
}

/**
 * Runs the built CLI in a new session (`detached`: no controlling terminal, so nothing can
 * prompt) with the machine's environment minus AWS_/SECRETS_, then `env`, then `extra`, where
 * an undefined value removes the variable. Never throws on exit codes.
 */
export function runCliInSession(
  args: string[],
  env: Record<string, string>,
  extra: Record<string, string | undefined> = {},
  input?: string,
) {
  const merged: Record<string, string> = {
    ...(Object.fromEntries(Object.entries(process.env).filter(([k]) => !STRIPPED.test(k))) as Record<
      string,
      string
    >),
    ...env,
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete merged[k]
    else merged[k] = v
  }
  return execa('node', [BIN, ...args], {
    env: merged,
    extendEnv: false,
    reject: false,
    cwd: ROOT,
    timeout: 60_000,
    detached: true,
    ...(input !== undefined ? { input } : { stdin: 'ignore' as const }),
  })
}

/**
 * Records the user's consent to a project config, as `secrets trust FILE --yes` does (the
 * config and its env files as they are now): the set-up of a test that uses a .secretsrc.json.
 */
export async function trustConfig(file: string, env: Record<string, string>): Promise<void> {
  const { recordTrust } = await import('../../src/core/config/index.js')
  await recordTrust(file, { env })
}

/** trustConfig for synchronous set-ups: the built CLI's `secrets trust FILE --yes`. */
export function trustConfigSync(file: string, env: Record<string, string>): void {
  const r = execaSync('node', [BIN, 'trust', file, '--yes'], { env, reject: false, stdin: 'ignore' })
  if (r.exitCode !== 0) throw new Error(`secrets trust ${file} failed: ${String(r.stderr)}`)
}

/** A CLI process left running (a server, `run --watch`): its output so far, and a bounded wait. */
export interface RunningCli {
  proc: import('execa').ResultPromise
  out(): string
  err(): string
  /** Waits (at most `ms`, default 30 s) until `check` holds; throws naming `what`. */
  until(check: () => boolean, what: string, ms?: number): Promise<void>
}

/** Starts the built CLI with a clean environment and collects its output as it comes. */
export function startCli(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; timeout?: number } = {},
): RunningCli {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !STRIPPED.test(k)))
  const proc = execa('node', [BIN, ...args], {
    env: { ...base, ...options.env },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    cwd: options.cwd ?? ROOT,
    timeout: options.timeout ?? 60_000,
  })
  let stdout = ''
  let stderr = ''
  proc.stdout?.on('data', (c: Buffer) => (stdout += c.toString()))
  proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
  return {
    proc,
    out: () => stdout,
    err: () => stderr,
    async until(check, what, ms = 30_000) {
      const deadline = Date.now() + ms
      while (!check()) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}; stdout: ${stdout}; stderr: ${stderr}`)
        if (proc.exitCode !== null && proc.exitCode !== undefined && !check())
          throw new Error(`exited (${proc.exitCode}) before ${what}; stderr: ${stderr}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
  }
}
