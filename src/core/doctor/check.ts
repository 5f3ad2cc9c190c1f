import { spawn } from 'node:child_process'

/** One line of `secrets doctor`: what was checked, its verdict, and the next step when not ok. */
export interface CheckResult {
  id: string
  status: 'ok' | 'warn' | 'fail'
  summary: string
  fix?: string
}

export type CheckStatus = CheckResult['status']

/** Builds a result; `fix` only when there is something to do. */
export function result(id: string, status: CheckStatus, summary: string, fix?: string): CheckResult {
  return fix === undefined ? { id, status, summary } : { id, status, summary, fix }
}

/**
 * Runs one check within `ms`: a check that does not answer in time (a hung D-Bus, a slow
 * network) is reported as such and the others still run. Never throws.
 */
export async function bounded(
  id: string,
  ms: number,
  check: () => Promise<CheckResult>,
): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve(
          result(
            id,
            'fail',
            `did not finish within ${ms / 1000} s`,
            'Run `secrets doctor` again; if it persists, the component above is hanging.',
          ),
        ),
      ms,
    )
    timer.unref()
  })
  try {
    return await Promise.race([
      check().catch((error: unknown) =>
        result(
          id,
          'fail',
          `could not be checked: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        ),
      ),
      late,
    ])
  } finally {
    clearTimeout(timer)
  }
}

export interface Ran {
  code: number | null
  stdout: string
  stderr: string
  /** Set when the command could not be started (ENOENT: not installed). */
  error?: string
}

/** Runs a command without a shell, stdin closed, killed after `timeoutMs`; never throws. */
export function runCommand(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => out.push(c))
    child.stderr.on('data', (c: Buffer) => err.push(c))
    child.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ code: null, stdout: '', stderr: '', error: error.code ?? error.message }),
    )
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    )
  })
}
