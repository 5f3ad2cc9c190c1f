import { spawn } from 'node:child_process'

/**
 * Opens a URL in the user's browser: `$BROWSER` when set (the common convention; first of a
 * colon-separated list), else `open` (macOS), `explorer.exe` (Windows) or `xdg-open`. The URL
 * is passed as one argv entry, never through a shell. Resolves once the opener started.
 */
export function openUrl(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): Promise<void> {
  const [command, args] = openerFor(url, env, platform)
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, env })
    child.once('error', reject)
    child.once('spawn', () => {
      child.unref()
      resolve()
    })
  })
}

/** The opener command and argv for a platform (pure, for tests). */
export function openerFor(url: string, env: NodeJS.ProcessEnv, platform: string): [string, string[]] {
  const browser = env.BROWSER?.split(':')[0]?.trim()
  if (browser) return [browser, [url]]
  if (platform === 'darwin') return ['open', [url]]
  if (platform === 'win32') return ['explorer.exe', [url]]
  return ['xdg-open', [url]]
}
