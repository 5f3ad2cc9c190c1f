import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { devNull, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ImdsConfig } from '../config/index.js'
import { startEmulator, type Emulator, type EmulatorDeps, type EmulatorInput } from './emulator.js'

export interface ChildEmulatorInput {
  mode: 'imds' | 'ecs'
  profile?: string
  roleArn?: string
  region?: string
  imdsV1?: boolean
  /** The project's `imds` section: the instance's own values (IMDS mode). */
  instanceConfig?: ImdsConfig
  /** The declared needs as a session policy and the session name (see core/needs). */
  sessionName?: string
  sessionPolicy?: (region: string) => string
}

/** What `secrets run` applies to the child's environment, and how to clean up after it. */
export interface ChildEmulator {
  /** Variables to set in the child's environment. */
  env: Record<string, string>
  /** Variables to remove from the child's environment (static keys, competing sources). */
  unset: string[]
  close(): Promise<void>
}

/**
 * Static credentials and competing sources a child must not see next to the endpoint: the
 * SDK chains try env keys, profiles and web identity before any metadata endpoint.
 */
export const UNSET_FOR_CHILD = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_EC2_METADATA_DISABLED',
] as const

/** In IMDS mode also a real container endpoint: the chains try it before IMDS. */
const UNSET_FOR_IMDS = [
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
] as const

/** Returns NO_PROXY extended with `host`, so an HTTP proxy never sees credential traffic. */
export function extendNoProxy(current: string | undefined, host: string): string {
  const entries = (current ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  return entries.includes(host) ? entries.join(',') : [...entries, host].join(',')
}

/** A file holding the ECS bearer token; remove() deletes it and its private directory. */
export interface TokenFile {
  path: string
  remove(): Promise<void>
}

/** Writes the ECS token to a 0600 file in a fresh private directory. */
export async function createTokenFile(token: string): Promise<TokenFile> {
  // mkdtemp creates the directory 0700: only this user can even list the token file.
  const dir = await mkdtemp(join(tmpdir(), 'secrets-ecs-'))
  const path = join(dir, 'token')
  await writeFile(path, token, { mode: 0o600 })
  return { path, remove: () => rm(dir, { recursive: true, force: true }) }
}

/** A started emulator with the variables that point an SDK at it, and one close(). */
export interface EmulatorWithEndpoints {
  emulator: Emulator
  /** The shared credentials file hidden, the endpoint(s), and the ECS token's file. */
  endpointEnv: Record<string, string>
  close(): Promise<void>
}

/**
 * Starts the emulator and, for ECS, writes its token to a 0600 file in a private directory.
 * close() stops the servers and removes the file; a failure half-way closes what started.
 */
export async function startEmulatorWithEndpoints(
  input: EmulatorInput,
  deps: EmulatorDeps,
): Promise<EmulatorWithEndpoints> {
  const emulator = await startEmulator(input, deps)
  let tokenFile: TokenFile | undefined
  const close = async () => {
    await emulator.close()
    await tokenFile?.remove()
  }
  try {
    // The shared credentials file holds static keys, which every SDK chain tries before any
    // metadata endpoint (its [default] profile even without AWS_PROFILE): hide it. The config
    // file stays (regions, other settings).
    const endpointEnv: Record<string, string> = { AWS_SHARED_CREDENTIALS_FILE: devNull }
    if (emulator.imds) endpointEnv.AWS_EC2_METADATA_SERVICE_ENDPOINT = emulator.imds.url
    if (emulator.ecs) {
      tokenFile = await createTokenFile(emulator.ecs.token)
      endpointEnv.AWS_CONTAINER_CREDENTIALS_FULL_URI = emulator.ecs.url
      endpointEnv.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE = tokenFile.path
    }
    return { emulator, endpointEnv, close }
  } catch (error) {
    await close()
    throw error
  }
}

/**
 * Starts the emulator for one child process on an ephemeral loopback port and returns the
 * environment changes that point the child's SDK at it: only the endpoint (and, for ECS, a
 * bearer token also kept in a 0600 file in a private directory that close() removes).
 */
export async function startChildEmulator(
  input: ChildEmulatorInput,
  deps: EmulatorDeps,
): Promise<ChildEmulator> {
  const { emulator, endpointEnv, close } = await startEmulatorWithEndpoints(
    {
      ...(input.mode === 'imds' ? { imdsPort: 0 } : { ecsPort: 0 }),
      ...(input.profile ? { profile: input.profile } : {}),
      ...(input.roleArn ? { roleArn: input.roleArn } : {}),
      ...(input.region ? { region: input.region } : {}),
      ...(input.imdsV1 ? { imdsV1: true } : {}),
      ...(input.instanceConfig ? { instanceConfig: input.instanceConfig } : {}),
      ...(input.sessionName ? { sessionName: input.sessionName } : {}),
      ...(input.sessionPolicy ? { sessionPolicy: input.sessionPolicy } : {}),
    },
    deps,
  )
  const endpoint = emulator.imds ?? emulator.ecs
  const noProxy = extendNoProxy(deps.env.NO_PROXY ?? deps.env.no_proxy, endpoint?.host ?? '127.0.0.1')
  const env: Record<string, string> = { NO_PROXY: noProxy, no_proxy: noProxy, ...endpointEnv }
  // AWS_PROFILE is removed, so a region that came from the profile would be lost: give the
  // emulator's region when the environment names none (ECS sets it in every task too).
  if (!deps.env.AWS_REGION && !deps.env.AWS_DEFAULT_REGION) {
    env.AWS_REGION = emulator.identity.region
    env.AWS_DEFAULT_REGION = emulator.identity.region
  }
  // The child needs the token itself too: fromContainerMetadata reads only the variable.
  if (emulator.ecs) env.AWS_CONTAINER_AUTHORIZATION_TOKEN = emulator.ecs.token
  return { env, unset: [...UNSET_FOR_CHILD, ...(input.mode === 'imds' ? UNSET_FOR_IMDS : [])], close }
}

/**
 * Runs `use` with the child identity of an emulator started for it (or with undefined when
 * no mode is asked for), and closes the emulator however `use` ends: the wrapper
 * `secrets run --imds|--ecs` puts around starting and awaiting the child.
 */
export async function withChildEmulator<T>(
  input: ChildEmulatorInput | undefined,
  deps: EmulatorDeps,
  use: (identity: { env: Record<string, string>; unset: string[] } | undefined) => Promise<T>,
): Promise<T> {
  if (!input) return use(undefined)
  const child = await startChildEmulator(input, deps)
  try {
    return await use({ env: child.env, unset: child.unset })
  } finally {
    await child.close()
  }
}
