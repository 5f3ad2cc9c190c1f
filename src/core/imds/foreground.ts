import { devNull } from 'node:os'
import { findProjectConfig, resolveSettings } from '../config/index.js'
import { UNSET_FOR_CHILD, createTokenFile, type TokenFile } from './child-emulator.js'
import { startEmulator, type Emulator, type EmulatorDeps, type EmulatorInput } from './emulator.js'

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
  input: EmulatorInput & { cwd: string },
  deps: EmulatorDeps,
): Promise<ForegroundEmulator> {
  // Like every command: --profile/--region, else the project's .secretsrc.json.
  const { cwd, ...rest } = input
  const settings = resolveSettings(
    { ...(rest.profile ? { profile: rest.profile } : {}), ...(rest.region ? { region: rest.region } : {}) },
    await findProjectConfig(cwd),
    cwd,
  )
  const emulator = await startEmulator(
    {
      ...rest,
      ...(settings.profile ? { profile: settings.profile } : {}),
      ...(settings.region ? { region: settings.region } : {}),
    },
    deps,
  )
  let tokenFile: TokenFile | undefined
  const close = async () => {
    await emulator.close()
    await tokenFile?.remove()
  }
  try {
    // As for `secrets run`: static keys in the shared credentials file would win over the
    // endpoints in every SDK chain, so the other shell stops seeing that file.
    const exports: Record<string, string> = { AWS_SHARED_CREDENTIALS_FILE: devNull }
    if (emulator.imds) exports.AWS_EC2_METADATA_SERVICE_ENDPOINT = emulator.imds.url
    if (emulator.ecs) {
      tokenFile = await createTokenFile(emulator.ecs.token)
      exports.AWS_CONTAINER_CREDENTIALS_FULL_URI = emulator.ecs.url
      exports.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE = tokenFile.path
    }
    return { emulator, exports, close }
  } catch (error) {
    await close()
    throw error
  }
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
