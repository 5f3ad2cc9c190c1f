import { UNSET_FOR_CHILD, startEmulatorWithEndpoints } from './child-emulator.js'
import type { Emulator, EmulatorDeps, EmulatorInput } from './emulator.js'
import type { ImdsConfig } from '../config/index.js'
import { parseDelay, type SimulationRequest, type SpotAction } from './lifecycle.js'

/** The foreground emulator of `secrets imds`: what to export, and one close(). */
export interface ForegroundEmulator {
  emulator: Emulator
  /** Variables a user exports in another shell; the ECS token is given as a file, not text. */
  exports: Record<string, string>
  close(): Promise<void>
}

/**
 * Starts both servers (or the ones asked for) for tools started elsewhere. The ECS token
 * goes to a 0600 file named by AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, so it never appears
 * on the terminal or in shell history.
 */
export async function startForegroundEmulator(
  input: EmulatorInput,
  deps: EmulatorDeps,
): Promise<ForegroundEmulator> {
  // The profile/region come resolved (flags, else .secretsrc.json) like every command's.
  const { emulator, endpointEnv, close } = await startEmulatorWithEndpoints(input, deps)
  // The ECS token goes to the other shell only as its file (see exportLines).
  return { emulator, exports: endpointEnv, close }
}

/**
 * Formats the lines for a POSIX shell: unset the competing sources, export the endpoints,
 * and set AWS_CONTAINER_AUTHORIZATION_TOKEN from the token file when the lines are
 * evaluated (for SDKs that only read the variable), so the token itself is never printed.
 */
export function exportLines(
  exports: Record<string, string>,
  unset: readonly string[] = UNSET_FOR_CHILD,
): string {
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`
  const lines = Object.entries(exports).map(([name, value]) => `export ${name}=${quote(value)}`)
  const tokenFile = exports.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE
  if (tokenFile) lines.push(`export AWS_CONTAINER_AUTHORIZATION_TOKEN="$(cat ${quote(tokenFile)})"`)
  return [`unset ${unset.join(' ')}`, ...lines].join('\n')
}

/** The instance flags of `secrets imds`, as oclif parses them. */
export interface InstanceFlags {
  config?: string | undefined
  'user-data'?: string | undefined
  'spot-interruption'?: string | undefined
  'spot-action'?: string | undefined
  rebalance?: string | undefined
  'maintenance-event'?: string | undefined
  'asg-terminate'?: string | undefined
}

/** Turns the instance flags (and the project's `imds` section) into emulator input. */
export function instanceInput(
  flags: InstanceFlags,
  project: ImdsConfig | undefined,
): Pick<EmulatorInput, 'instanceConfig' | 'configFile' | 'userDataFile' | 'simulations'> {
  const simulations: SimulationRequest[] = []
  // oclif checked --spot-action against SPOT_ACTIONS.
  const action = flags['spot-action'] as SpotAction | undefined
  for (const kind of ['spot-interruption', 'rebalance', 'maintenance-event', 'asg-terminate'] as const) {
    const delay = flags[kind]
    if (delay === undefined) continue
    simulations.push({
      kind,
      delayMs: parseDelay(delay, `--${kind}`),
      ...(kind === 'spot-interruption' && action ? { action } : {}),
    })
  }
  return {
    ...(project ? { instanceConfig: project } : {}),
    ...(flags.config ? { configFile: flags.config } : {}),
    ...(flags['user-data'] ? { userDataFile: flags['user-data'] } : {}),
    ...(simulations.length > 0 ? { simulations } : {}),
  }
}
