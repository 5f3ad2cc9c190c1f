import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { ExitCode, SecretsError, systemErrorCode } from '../../shared/errors.js'
import { pipeThroughMask, type MaskPattern } from './mask.js'

/** Signals `secrets run` passes on to the child. */
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

export interface SpawnChildDeps {
  /** True when stdin is a terminal: the child then gets Ctrl-C from the terminal itself. */
  interactive: boolean
  /**
   * Delivers a forwarded signal itself (e.g. to the process inside a sandbox, whose launcher
   * would die of it); false: send it to the child as usual.
   */
  forward?: (pid: number, signal: NodeJS.Signals) => boolean
  /** `--mask`: stdout and stderr become pipes through a filter per stream (stdin stays). */
  mask?: { patterns: MaskPattern[]; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }
}

/** A started child: its exit status to come, and a way to signal it. */
export interface ChildHandle {
  readonly pid: number | undefined
  /** The exit status to pass on (128+N for signal N); rejects with 126/127 when not started. */
  exit: Promise<number>
  /** Sends a signal when the child still runs; false when it has exited. */
  kill(signal: NodeJS.Signals): boolean
}

/**
 * Runs the command (no shell: argv goes to execve as given) with inherited stdio, forwards
 * SIGINT/SIGTERM/SIGHUP, and resolves to the exit status to pass on: the child's code, or
 * 128+N when it died of signal N. Rejects with exit 127/126 when it cannot be started.
 */
export function spawnChild(
  argv: string[],
  env: Record<string, string>,
  deps: SpawnChildDeps = { interactive: Boolean(process.stdin.isTTY) },
): Promise<number> {
  return startChild(argv, env, deps).exit
}

/** spawnChild, returning the handle (`--watch` restarts and signals the child). */
export function startChild(
  argv: string[],
  env: Record<string, string>,
  deps: SpawnChildDeps = { interactive: Boolean(process.stdin.isTTY) },
): ChildHandle {
  const [command, ...args] = argv
  if (!command)
    return {
      pid: undefined,
      exit: Promise.reject(new SecretsError('No command to run.', ExitCode.usage)),
      kill: () => false,
    }
  const mask = deps.mask
  const child = spawn(command, args, {
    stdio: mask ? ['inherit', 'pipe', 'pipe'] : 'inherit',
    env,
    shell: false,
  })
  // Each stream through its own filter; the status waits until both are written out.
  const drained = mask
    ? Promise.all(
        (
          [
            [child.stdout, mask.stdout],
            [child.stderr, mask.stderr],
          ] as const
        ).map(([from, to]) => (from ? pipeThroughMask(from, to, mask.patterns) : Promise.resolve())),
      )
    : Promise.resolve([])
  const exit = new Promise<number>((resolve, reject) => {
    const handlers = new Map<NodeJS.Signals, () => void>()
    for (const signal of FORWARDED) {
      const handler = () => {
        // The terminal already delivered Ctrl-C to the child's process group: don't send it twice.
        if (signal === 'SIGINT' && deps.interactive) return
        if (child.exitCode !== null || child.signalCode !== null) return
        if (!(child.pid !== undefined && deps.forward?.(child.pid, signal))) child.kill(signal)
      }
      handlers.set(signal, handler)
      process.on(signal, handler)
    }
    const cleanup = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler)
    }
    child.once('error', (error) => {
      cleanup()
      reject(startError(command, error))
    })
    child.once('exit', (code, signal) => {
      cleanup()
      const status = signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 0)
      void drained.then(() => resolve(status))
    })
  })
  return {
    pid: child.pid,
    exit,
    kill: (signal) =>
      child.exitCode === null &&
      child.signalCode === null &&
      ((child.pid !== undefined && deps.forward?.(child.pid, signal)) || child.kill(signal)),
  }
}

function startError(command: string, error: Error): SecretsError {
  const code = systemErrorCode(error)
  if (code === 'ENOENT') {
    return new SecretsError(`Command not found: ${command}`, ExitCode.notFound, {
      hint: 'Check the name and your PATH. The command runs without a shell, so aliases and shell functions are not available.',
      cause: error,
      code: 'CommandNotFound',
    })
  }
  if (code === 'EACCES' || code === 'EISDIR' || code === 'ENOEXEC' || code === 'EPERM') {
    return new SecretsError(`Command is not executable: ${command} (${code})`, ExitCode.notExecutable, {
      hint: 'Check its execute permission (chmod +x) and its #! line.',
      cause: error,
      code: 'CommandNotExecutable',
    })
  }
  return new SecretsError(`Could not start ${command}: ${code ?? error.message}`, ExitCode.runFailed, {
    cause: error,
  })
}
