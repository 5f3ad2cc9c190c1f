import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { execa, type Options, type Result } from 'execa'

/** A second OS user for attack tests: created with useradd (root only), removed by remove(). */
export interface OsUser {
  name: string
  uid: number
  gid: number
  /** Runs a command as this user (runuser), with exactly `env`; never throws on exit codes. */
  run(
    command: string[],
    options?: { env?: Record<string, string>; cwd?: string; timeout?: number },
  ): Promise<Result>
  remove(): void
}

/** Why attack tests that need a second user cannot run here, or undefined when they can. */
export const noSecondUser: string | undefined =
  process.platform !== 'linux' || process.getuid?.() !== 0
    ? 'needs root on Linux to create a second OS user with useradd'
    : undefined

/** Creates a throwaway user (no home, no login shell) with a unique name. */
export function createOsUser(prefix = 'secatk'): OsUser {
  const name = `${prefix}${randomBytes(3).toString('hex')}`
  // useradd locks /etc/passwd: test files creating users in parallel may meet the lock.
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', '--user-group', name], {
        stdio: 'pipe',
      })
      break
    } catch (error) {
      if (attempt >= 20) throw error
      execFileSync('sleep', ['0.2'])
    }
  }
  const uid = Number(execFileSync('id', ['-u', name]).toString().trim())
  const gid = Number(execFileSync('id', ['-g', name]).toString().trim())
  return {
    name,
    uid,
    gid,
    run: (command, options = {}) => {
      const execaOptions: Options = {
        env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', ...options.env },
        extendEnv: false,
        reject: false,
        stdin: 'ignore',
        cwd: options.cwd ?? '/',
        timeout: options.timeout ?? 30_000,
      }
      return execa('runuser', ['-u', name, '--', ...command], execaOptions) as unknown as Promise<Result>
    },
    remove: () => {
      for (let attempt = 1; attempt <= 20; attempt++) {
        try {
          execFileSync('userdel', [name], { stdio: 'ignore' })
          return
        } catch {
          // Locked by a parallel useradd (retry), or already gone.
          execFileSync('sleep', ['0.2'])
        }
      }
    },
  }
}
