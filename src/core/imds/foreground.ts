import { UNSET_FOR_CHILD, startEmulatorWithEndpoints } from './child-emulator.js'
import type { Emulator, EmulatorDeps, EmulatorInput } from './emulator.js'

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
