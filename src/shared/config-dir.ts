import { homedir } from 'node:os'
import { join } from 'node:path'

/** Returns the user's config dir for `secrets`: `$XDG_CONFIG_HOME/secrets`, else `~/.config/secrets`. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME
  if (xdg && xdg.startsWith('/')) return join(xdg, 'secrets')
  return join(env.HOME || homedir(), '.config', 'secrets')
}

/** Returns the cache dir: `$XDG_CACHE_HOME/secrets`, else `~/.cache/secrets`. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME
  if (xdg && xdg.startsWith('/')) return join(xdg, 'secrets')
  return join(env.HOME || homedir(), '.cache', 'secrets')
}

/** Returns the state dir (the audit log): `$XDG_STATE_HOME/secrets`, else `~/.local/state/secrets`. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_STATE_HOME
  if (xdg && xdg.startsWith('/')) return join(xdg, 'secrets')
  return join(env.HOME || homedir(), '.local', 'state', 'secrets')
}
