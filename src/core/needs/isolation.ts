/**
 * Boundary: what a child of `secrets run --isolate` can reach on this machine. Asset: the
 * developer's keychain (the Secret Service on the D-Bus session bus, keyring files), the
 * unlock agent, this tool's own config/cache/state (file keychain, encrypted cache), and
 * other tools' credentials (~/.aws, ~/.ssh and the ssh-agent, gcloud, docker, npm, netrc).
 * Attacker: the child itself (a compromised dependency) running as the same OS user.
 * Decision: on Linux the child starts under bubblewrap with those paths hidden behind an empty
 * tmpfs (directories) or /dev/null (files, sockets), in its own PID namespace (so it cannot
 * read the parent's /proc/PID/environ); the rest of the file system and the network stay as
 * they are, so the emulator on loopback stays reachable. Where bubblewrap cannot run, refuse:
 * never start the child unisolated when isolation was asked for.
 */
import { execFile } from 'node:child_process'
import { accessSync, constants, existsSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, dirname, isAbsolute, join } from 'node:path'
import { ExitCode, LocalEnvError, SecretsError } from '../../shared/errors.js'
import { cacheDir, configDir } from '../../shared/config-dir.js'
import { UNLOCK_VARIABLES, agentSocketPath } from '../keychain/index.js'

/** Whether `--isolate` can work here, and if not why and how to fix it. */
export type IsolationSupport =
  { available: true; bwrap: string } | { available: false; reason: string; fix: string }

export interface IsolationDeps {
  platform: NodeJS.Platform
  env: NodeJS.ProcessEnv
  /** Runs a program to completion (bounded); resolves to its exit code and stderr. */
  exec: (file: string, args: string[]) => Promise<{ code: number; stderr: string }>
}

const defaultDeps = (): IsolationDeps => ({ platform: process.platform, env: process.env, exec: execBounded })

/**
 * Says whether `run --isolate` can start a child here: Linux, `bwrap` on PATH, and a probe
 * sandbox that actually starts (unprivileged user namespaces may be switched off). For
 * `secrets doctor` too.
 */
export async function isolationSupport(deps: IsolationDeps = defaultDeps()): Promise<IsolationSupport> {
  if (deps.platform !== 'linux')
    return {
      available: false,
      reason: `--isolate uses bubblewrap, which exists only on Linux (this is ${deps.platform}).`,
      fix: 'Run without --isolate (and without "isolate": true), or run on Linux.',
    }
  const bwrap = findOnPath('bwrap', deps.env.PATH)
  if (!bwrap)
    return {
      available: false,
      reason: 'bubblewrap (bwrap) is not installed.',
      fix: 'Install it (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf install bubblewrap), or run without --isolate.',
    }
  const probe = await deps.exec(bwrap, [...BASE_ARGS, '--', 'true'])
  if (probe.code !== 0) {
    const detail = probe.stderr.trim().split('\n')[0] ?? ''
    const userns = /namespace|Operation not permitted|setting up uid map|No permissions/i.test(detail)
    return {
      available: false,
      reason: `bubblewrap cannot start a sandbox here${detail ? `: ${detail}` : ''}.`,
      fix: userns
        ? 'Allow unprivileged user namespaces (sudo sysctl -w kernel.unprivileged_userns_clone=1, or on Ubuntu 24.04+ kernel.apparmor_restrict_unprivileged_userns=0, or an AppArmor profile for bwrap), or run without --isolate.'
        : 'Check that bwrap works (bwrap --dev-bind / / true), or run without --isolate.',
    }
  }
  return { available: true, bwrap }
}

/** Mounts every sandbox gets: the host file system as it is, a private PID namespace. */
const BASE_ARGS = ['--dev-bind', '/', '/', '--unshare-pid', '--proc', '/proc', '--die-with-parent']

/** What is hidden from an isolated child, as absolute paths (only existing ones are masked). */
export interface HiddenPaths {
  /** Each becomes an empty tmpfs. */
  dirs: string[]
  /** Each is covered by /dev/null (files and sockets). */
  files: string[]
}

/**
 * The paths an isolated child must not reach, from the environment (XDG dirs, tool-specific
 * overrides, the D-Bus and ssh-agent sockets). Throws when the session bus cannot be hidden.
 */
export function hiddenPathsFor(env: NodeJS.ProcessEnv): HiddenPaths {
  const home = env.HOME || homedir()
  const xdgConfig = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config')
  const xdgData = env.XDG_DATA_HOME?.startsWith('/') ? env.XDG_DATA_HOME : join(home, '.local', 'share')
  const xdgState = env.XDG_STATE_HOME?.startsWith('/') ? env.XDG_STATE_HOME : join(home, '.local', 'state')
  const runtime = env.XDG_RUNTIME_DIR?.startsWith('/') ? env.XDG_RUNTIME_DIR : undefined
  const dirs = [
    configDir(env),
    cacheDir(env),
    join(xdgState, 'secrets'),
    dirname(agentSocketPath(env)),
    join(xdgData, 'keyrings'),
    join(home, '.local', 'share', 'keyrings'),
    join(home, '.aws'),
    join(home, '.ssh'),
    join(xdgConfig, 'gcloud'),
    join(home, '.config', 'gcloud'),
    ...(env.CLOUDSDK_CONFIG ? [env.CLOUDSDK_CONFIG] : []),
    ...(runtime ? [join(runtime, 'keyring'), join(runtime, 'gnupg')] : []),
    join(home, '.gnupg'),
  ]
  const files = [
    join(home, '.docker', 'config.json'),
    ...(env.DOCKER_CONFIG ? [join(env.DOCKER_CONFIG, 'config.json')] : []),
    join(home, '.npmrc'),
    ...(env.NPM_CONFIG_USERCONFIG ? [env.NPM_CONFIG_USERCONFIG] : []),
    join(home, '.netrc'),
    ...(env.NETRC ? [env.NETRC] : []),
    ...(env.AWS_CONFIG_FILE ? [env.AWS_CONFIG_FILE] : []),
    ...(env.AWS_SHARED_CREDENTIALS_FILE ? [env.AWS_SHARED_CREDENTIALS_FILE] : []),
    ...(env.SECRETS_KEYCHAIN_FILE ? [env.SECRETS_KEYCHAIN_FILE] : []),
    ...(env.SSH_AUTH_SOCK ? [env.SSH_AUTH_SOCK] : []),
    ...(runtime ? [join(runtime, 'bus')] : []),
    ...sessionBusSockets(env.DBUS_SESSION_BUS_ADDRESS),
  ]
  return { dirs: dirs.filter(isAbsolute), files: files.filter(isAbsolute) }
}

/** Variables an isolated child does not get: they point at what is hidden, or unlock it. */
export const UNSET_WHEN_ISOLATED: readonly string[] = [
  'DBUS_SESSION_BUS_ADDRESS',
  'SSH_AUTH_SOCK',
  'GNOME_KEYRING_CONTROL',
  'GPG_AGENT_INFO',
  ...UNLOCK_VARIABLES,
]

/**
 * The bubblewrap argv around `command`: pure, given the paths that exist (resolved through
 * symlinks, so a link to the real file is no way around the mask).
 */
export function bwrapArgv(bwrap: string, hidden: HiddenPaths, command: string[]): string[] {
  const args = [bwrap, ...BASE_ARGS]
  const masked: string[] = []
  const inside = (path: string) => masked.some((dir) => path === dir || path.startsWith(`${dir}/`))
  for (const dir of [...new Set(hidden.dirs)].sort()) {
    if (inside(dir)) continue
    masked.push(dir)
    args.push('--tmpfs', dir)
  }
  for (const file of [...new Set(hidden.files)].sort()) {
    if (inside(file)) continue
    args.push('--ro-bind', '/dev/null', file)
  }
  return [...args, '--', ...command]
}

/**
 * Wraps `command` for `run --isolate` with the `bwrap` that isolationSupport found: masks the
 * existing hidden paths of `env` (the parent's environment), and resolves the command on the
 * child's PATH first so "not found" stays exit 127 (bwrap itself would exit 1).
 */
export function isolateCommand(
  command: string[],
  childEnv: Record<string, string>,
  at: { bwrap: string; env: NodeJS.ProcessEnv },
): string[] {
  const [program, ...rest] = command
  if (!program) throw new SecretsError('No command to run.', ExitCode.usage)
  const resolved = program.includes('/') ? program : findOnPath(program, childEnv.PATH)
  if (!resolved)
    throw new SecretsError(`Command not found: ${program}`, ExitCode.notFound, {
      hint: 'Check the name and your PATH. The command runs without a shell, so aliases and shell functions are not available.',
      code: 'CommandNotFound',
    })
  const hidden = hiddenPathsFor(at.env)
  const existing = (paths: string[], wantDir: boolean) =>
    paths.flatMap((path) => {
      try {
        const real = realpathSync(path)
        return statSync(real).isDirectory() === wantDir ? [real] : []
      } catch {
        return []
      }
    })
  return bwrapArgv(at.bwrap, { dirs: existing(hidden.dirs, true), files: existing(hidden.files, false) }, [
    resolved,
    ...rest,
  ])
}

/**
 * Forwards a signal to the command inside the sandbox: bubblewrap's launcher (the child of
 * `secrets run`) would die of it and take the command down with SIGKILL, and its PID-namespace
 * init ignores it. The command is the launcher's grandchild (launcher → init → command);
 * false when it cannot be found (then the launcher gets the signal, as before).
 */
export function signalSandboxed(launcherPid: number, signal: NodeJS.Signals): boolean {
  const children = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number)
    } catch {
      return []
    }
  }
  const targets = children(launcherPid).flatMap(children)
  let sent = false
  for (const pid of targets) {
    try {
      process.kill(pid, signal)
      sent = true
    } catch {
      /* already gone */
    }
  }
  return sent
}

/** The socket paths of a D-Bus address list; an abstract socket cannot be hidden by a mount. */
export function sessionBusSockets(address: string | undefined): string[] {
  if (!address) return []
  const paths: string[] = []
  for (const entry of address.split(';')) {
    if (!entry.startsWith('unix:')) continue
    const params = new Map(
      entry
        .slice(5)
        .split(',')
        .map((kv) => [kv.slice(0, kv.indexOf('=')), decodeURIComponent(kv.slice(kv.indexOf('=') + 1))]),
    )
    const path = params.get('path')
    if (path) paths.push(path)
    else if (params.has('abstract'))
      throw new LocalEnvError(
        'Cannot isolate the child: the D-Bus session bus (the keychain) listens on an abstract socket, which only a separate network namespace would hide.',
        {
          hint: 'Run the session bus on a path socket (systemd --user does: unix:path=/run/user/UID/bus), or run without --isolate.',
          code: 'IsolationUnavailable',
        },
      )
  }
  return paths
}

function findOnPath(program: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, program)
    try {
      accessSync(candidate, constants.X_OK)
      if (existsSync(candidate) && !statSync(candidate).isDirectory()) return candidate
    } catch {
      /* not here */
    }
  }
  return undefined
}

/** Runs a probe with a 5 s bound; a hung probe counts as "cannot start". */
function execBounded(file: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 5_000 }, (error, _stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stderr: String(stderr) })
    })
  })
}
