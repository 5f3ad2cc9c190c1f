import { readFileSync } from 'node:fs'
import { registerRunWithAgent } from '../core/keychain/index.js'

/**
 * What `secrets run` does for itself before its child starts (issue #19 items 1 and 10):
 *
 * - On Linux it sets its own soft core-dump limit to 0 (util-linux `prlimit --pid`; Node has no
 *   setrlimit), so a crash of the process that holds every injected value leaves no core file
 *   (nor a systemd-coredump entry). prlimit runs while the secrets are fetched and is waited for
 *   only before the child is spawned, so start-up does not wait for it (bench/README.md). The
 *   hard limit is left as it was: the child inherits the soft 0 (most distributions' default)
 *   and may raise it for itself (`ulimit -c unlimited`). Without prlimit the limit stays as it
 *   was (docs/security.md). macOS: no prlimit; see docs/security.md. When /proc/self/limits
 *   already says the soft limit is 0 (most distributions' default) nothing is spawned.
 * - Just before the child is spawned (after its own reads, which then pay no peer check), it
 *   registers its pid with the unlock agent's directory, so the agent refuses every process
 *   of the child's tree (src/core/keychain/agent-peer.ts).
 */
export interface RunGuard {
  /** Resolves once the core limit is set (or could not be) and the run is registered: spawn then. */
  beforeSpawn(): Promise<void>
  /** Removes the agent registration. */
  release(): void
}

export function guardRun(env: NodeJS.ProcessEnv): RunGuard {
  let release = () => {}
  const coreLimit = limitCoreDumps()
  return {
    async beforeSpawn() {
      await coreLimit
      release = registerRunWithAgent(env)
    },
    release: () => release(),
  }
}

/** Whether this process's soft core-dump limit is already 0 (Linux /proc; false if unknown). */
export function coreDumpsOff(limits: string): boolean {
  return /^Max core file size\s+0\s/m.test(limits)
}

function limitCoreDumps(): Promise<void> {
  if (process.platform !== 'linux') return Promise.resolve()
  try {
    if (coreDumpsOff(readFileSync('/proc/self/limits', 'utf8'))) return Promise.resolve()
  } catch {
    // No /proc: ask prlimit, which fails the same way and leaves the limit as it was.
  }
  const ready = import('node:child_process').then(
    ({ spawn }) =>
      new Promise<void>((resolve) => {
        try {
          const child = spawn('prlimit', [`--pid=${process.pid}`, '--core=0:'], { stdio: 'ignore' })
          child.once('error', () => resolve())
          child.once('exit', () => resolve())
        } catch {
          resolve()
        }
      }),
  )
  return ready
}
