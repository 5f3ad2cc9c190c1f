import { lstat } from 'node:fs/promises'
import { findProjectConfig, trustVerdict } from '../config/index.js'
import { result, runCommand, type CheckResult } from './check.js'

/** Why a file or directory of ours is unsafe (others can write it, or it is not ours), or undefined. */
function unsafeMode(
  path: string,
  stat: { uid: number; mode: number },
  uid: number | undefined,
): string | undefined {
  if (uid !== undefined && stat.uid !== uid && stat.uid !== 0)
    return `${path} belongs to another user (uid ${stat.uid})`
  if ((stat.mode & 0o022) !== 0)
    return `${path} is writable by other users (mode ${(stat.mode & 0o777).toString(8)})`
  return undefined
}

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(3, '0')

/**
 * The config, cache and state dirs: ours, and not writable by anyone else (a writable config
 * dir lets another user plant a keychain or store; a writable cache dir, the compile cache
 * Node runs on the next start; a writable state dir, a rolled-back audit log). Readable by
 * others is a warning.
 */
export async function checkDirs(
  dirs: { config: string; cache: string; state: string },
  uid: number | undefined,
): Promise<CheckResult> {
  const problems: string[] = []
  const notes: string[] = []
  const fixes: string[] = []
  for (const [name, dir] of Object.entries(dirs)) {
    const stat = await lstat(dir).catch(() => undefined)
    if (!stat) {
      notes.push(`${name} ${dir} not created yet`)
      continue
    }
    const unsafe = !stat.isDirectory() ? `${dir} is not a directory` : unsafeMode(dir, stat, uid)
    if (unsafe) {
      problems.push(unsafe)
      fixes.push(
        `chmod 700 ${dir}${stat.uid !== uid ? ` (and chown it to yourself, or remove it: it is not yours)` : ''}`,
      )
    } else if ((stat.mode & 0o077) !== 0) {
      notes.push(`${name} ${dir} is readable by others (mode ${octal(stat.mode)})`)
      fixes.push(`chmod 700 ${dir}`)
    } else notes.push(`${name} ${dir} (${octal(stat.mode)}, yours)`)
  }
  if (problems.length > 0) return result('dirs', 'fail', problems.join('; '), fixes.join('; '))
  if (fixes.length > 0) return result('dirs', 'warn', notes.join('; '), fixes.join('; '))
  return result('dirs', 'ok', notes.join('; '))
}

/** The trust verdict on a project config, when the trust feature has one (`secrets trust`). */
export interface TrustVerdict {
  trusted: boolean
  /** Why, for the doctor line ("trusted on 2026-12-01", "changed since trusted"). */
  reason: string
  fix?: string
}

/** The trust area's verdict on `configFile` (`secrets trust`), as a doctor line's words. */
export async function projectConfigTrust(
  configFile: string,
  env: NodeJS.ProcessEnv,
  uid: number | undefined,
): Promise<TrustVerdict> {
  const verdict = await trustVerdict(configFile, { env, uid })
  const fix = `Review it, then run: secrets trust ${configFile}`
  switch (verdict.state) {
    case 'trusted':
      return { trusted: true, reason: 'it and its env files are as you trusted them' }
    case 'untrusted':
      return { trusted: false, reason: 'never trusted on this machine (run and imds refuse it)', fix }
    case 'changed':
      return { trusted: false, reason: `changed since you trusted it: ${verdict.changed.join(', ')}`, fix }
    case 'foreign':
      return {
        trusted: false,
        reason: verdict.reason,
        fix: 'Move it aside or make it yours: chmod go-w, chown.',
      }
  }
}

/** The nearest .secretsrc.json: its owner and mode, and the trust verdict when there is one. */
export async function checkProjectConfig(
  cwd: string,
  uid: number | undefined,
  trust: (configFile: string) => Promise<TrustVerdict | undefined>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CheckResult> {
  let config
  const ignored: string[] = []
  try {
    config = await findProjectConfig(cwd, { env, uid, onIgnored: (message) => ignored.push(message) })
  } catch (error) {
    const e = error as { message?: string; hint?: string }
    return result('project-config', 'fail', e.message ?? String(error), e.hint)
  }
  if (!config && ignored.length > 0)
    return result(
      'project-config',
      'warn',
      ignored.join('; '),
      'Remove the foreign config, or make it yours.',
    )
  if (!config) return result('project-config', 'ok', `no .secretsrc.json from ${cwd} up`)
  const stat = await lstat(config.file)
  const unsafe = unsafeMode(config.file, stat, uid)
  if (unsafe)
    return result(
      'project-config',
      'fail',
      unsafe,
      `chmod go-w ${config.file}, and check who changed it (git diff).`,
    )
  const verdict = await trust(config.file)
  const where = `${config.file} (${octal(stat.mode)}, ${stat.uid === uid ? 'yours' : `uid ${stat.uid}`})`
  if (!verdict) return result('project-config', 'ok', `${where}; trust: not checked in this build`)
  if (!verdict.trusted)
    return result('project-config', 'warn', `${where}; not trusted: ${verdict.reason}`, verdict.fix)
  return result('project-config', 'ok', `${where}; trusted: ${verdict.reason}`)
}

/** bubblewrap for `secrets run --isolate`: installed, and able to start a trivial sandbox. */
export async function checkBubblewrap(env: NodeJS.ProcessEnv): Promise<CheckResult> {
  const ran = await runCommand(
    'bwrap',
    ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--unshare-all', 'true'],
    {
      env: { PATH: env.PATH ?? '/usr/bin:/bin' },
      timeoutMs: 5_000,
    },
  )
  if (ran.error === 'ENOENT')
    return result(
      'bubblewrap',
      'warn',
      'bwrap is not installed: `secrets run --isolate` cannot run',
      'Install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf install bubblewrap).',
    )
  if (ran.code !== 0)
    return result(
      'bubblewrap',
      'warn',
      `bwrap is installed but cannot start a sandbox: ${(ran.stderr || ran.error || `exit ${ran.code}`).trim().split('\n')[0]}`,
      'Allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or the AppArmor profile for bwrap on Ubuntu 24.04+).',
    )
  return result('bubblewrap', 'ok', 'bwrap starts a sandbox (`secrets run --isolate` can run)')
}
