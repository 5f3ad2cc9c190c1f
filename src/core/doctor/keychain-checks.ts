import { lstat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { agentSocketPath, agentStatus, KEYCHAIN_SERVICE, OsKeychain } from '../keychain/index.js'
import { result, type CheckResult } from './check.js'

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(3, '0')

/**
 * Which keychain SECRETS_KEYCHAIN selects and whether it answers. The OS keychain is asked
 * for the names of our items (nothing is written, no value is printed); on Linux that is a
 * D-Bus call to the Secret Service, which tells "no D-Bus session", "locked" and "answers"
 * apart. The file keychain is only looked at: unlocking it needs the passphrase.
 */
export async function checkKeychain(env: NodeJS.ProcessEnv, configDir: string): Promise<CheckResult> {
  const choice = env.SECRETS_KEYCHAIN ?? 'os'
  if (choice === 'file') {
    const path = resolve(env.SECRETS_KEYCHAIN_FILE || join(configDir, 'keychain.enc'))
    const stat = await lstat(path).catch(() => undefined)
    if (!stat)
      return result('keychain', 'ok', `file keychain (SECRETS_KEYCHAIN=file) at ${path}: not created yet`)
    if ((stat.mode & 0o077) !== 0)
      return result(
        'keychain',
        'fail',
        `file keychain ${path} is readable by others (mode ${octal(stat.mode)})`,
        `chmod 600 ${path}`,
      )
    return result('keychain', 'ok', `file keychain (SECRETS_KEYCHAIN=file) at ${path} (${octal(stat.mode)})`)
  }
  if (choice !== 'os')
    return result(
      'keychain',
      'fail',
      `SECRETS_KEYCHAIN=${choice} is not a keychain`,
      'Set SECRETS_KEYCHAIN to "os" or "file".',
    )
  const service = env.SECRETS_KEYCHAIN_SERVICE || KEYCHAIN_SERVICE
  const backend =
    process.platform === 'linux'
      ? `Secret Service on D-Bus (${env.DBUS_SESSION_BUS_ADDRESS ? env.DBUS_SESSION_BUS_ADDRESS : 'DBUS_SESSION_BUS_ADDRESS unset'})`
      : process.platform === 'darwin'
        ? 'macOS Keychain'
        : 'Windows Credential Manager'
  try {
    const items = await new OsKeychain(service).list()
    return result(
      'keychain',
      'ok',
      `OS keychain: ${backend} answers; ${items.length} item(s) of service ${service}`,
    )
  } catch (error) {
    const e = error as { code?: string; message?: string; hint?: string }
    const what = e.code === 'KeychainLocked' ? 'is locked' : 'cannot be reached'
    return result(
      'keychain',
      'fail',
      `OS keychain: ${backend} ${what}: ${e.message ?? String(error)}`,
      e.hint,
    )
  }
}

/** The unlock agent: running or not, and its socket's directory and socket owned by us, private. */
export async function checkAgent(env: NodeJS.ProcessEnv, uid: number | undefined): Promise<CheckResult> {
  const socket = agentSocketPath(env)
  const dir = dirname(socket)
  const dirStat = await lstat(dir).catch(() => undefined)
  const sockStat = await lstat(socket).catch(() => undefined)
  if (dirStat) {
    if (uid !== undefined && dirStat.uid !== uid)
      return result(
        'agent',
        'fail',
        `${dir} belongs to uid ${dirStat.uid}, not you: the agent will not use it`,
        `Remove ${dir} (it is not yours), or set XDG_RUNTIME_DIR to your own runtime dir.`,
      )
    if ((dirStat.mode & 0o077) !== 0)
      return result(
        'agent',
        'fail',
        `${dir} is reachable by others (mode ${octal(dirStat.mode)}): the agent will not use it`,
        `chmod 700 ${dir}`,
      )
  }
  if (!sockStat) return result('agent', 'ok', `not running (it starts at the first unlock; socket ${socket})`)
  const owner = uid !== undefined && sockStat.uid !== uid ? `uid ${sockStat.uid}` : 'yours'
  const status = await agentStatus(env)
  const where = `socket ${socket} (${octal(sockStat.mode)}, ${owner}) in ${dir} (${octal(dirStat?.mode ?? 0)})`
  if (!status?.ok)
    return result(
      'agent',
      'warn',
      `${where}: nothing answers (a stale socket)`,
      `Run \`secrets lock\` or remove ${socket}; the next unlock starts a new agent.`,
    )
  return result(
    'agent',
    'ok',
    `running (pid ${status.pid}, ${status.entries ?? 0} entries, idle limit ${Math.round((status.ttlMs ?? 0) / 60_000)} min); ${where}`,
  )
}
