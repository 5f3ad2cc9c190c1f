import { spawn } from 'node:child_process'

/** How long a started browser command may take to fail before it counts as started. */
export const BROWSER_START_WINDOW_MS = 1500

/**
 * Opens a URL in the user's browser, following the `$BROWSER` convention of xdg-utils and
 * Python's `webbrowser`: a colon-separated list of commands tried in order; each command is
 * split on whitespace (never run through a shell), `%s` in it stands for the URL (else the URL
 * is the last argument), `%%` is a literal `%`. Without `$BROWSER`: `open` (macOS),
 * `explorer.exe` (Windows) or `xdg-open`. A candidate counts as started when it exits 0, or
 * is still running after `windowMs`; one that cannot be spawned or exits non-zero within the
 * window gives way to the next. Rejects, naming every command tried, when none starts.
 */
export async function openUrl(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
  windowMs = BROWSER_START_WINDOW_MS,
): Promise<void> {
  const failures: string[] = []
  for (const [command, args] of browserCandidates(url, env, platform)) {
    const failure = await startOne(command, args, env, windowMs)
    if (!failure) return
    failures.push(`${command}: ${failure}`)
  }
  throw new Error(failures.join('; ') || 'BROWSER names no command')
}

/** The browser commands to try, in order, with their argv (pure, for tests). */
export function browserCandidates(
  url: string,
  env: NodeJS.ProcessEnv,
  platform: string,
): Array<[string, string[]]> {
  const browser = env.BROWSER?.trim()
  if (browser) {
    const out: Array<[string, string[]]> = []
    for (const entry of browser.split(':')) {
      const words = entry.trim().split(/\s+/).filter(Boolean)
      const [command, ...rest] = words
      if (!command) continue
      const hasUrl = rest.some((w) => w.includes('%s'))
      const args = rest.map((w) => w.replace(/%(%|s)/g, (m) => (m === '%%' ? '%' : url)))
      out.push([command, hasUrl ? args : [...args, url]])
    }
    return out
  }
  if (platform === 'darwin') return [['open', [url]]]
  if (platform === 'win32') return [['explorer.exe', [url]]]
  return [['xdg-open', [url]]]
}

/** Starts one candidate; resolves undefined when it started, else the reason it did not. */
function startOne(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  windowMs: number,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    let child
    try {
      child = spawn(command, args, { stdio: 'ignore', detached: true, env })
    } catch (error) {
      resolve(error instanceof Error ? error.message : String(error))
      return
    }
    const timer = setTimeout(() => {
      child.unref()
      resolve(undefined) // still running: a browser that stays in the foreground
    }, windowMs)
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      resolve(error.code ?? error.message)
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      // explorer.exe exits 1 even when it opened the URL.
      if (code === 0 || (code === 1 && command === 'explorer.exe')) return resolve(undefined)
      resolve(signal ? `killed by ${signal}` : `exit status ${code}`)
    })
  })
}
