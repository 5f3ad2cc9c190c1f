import { join } from 'node:path'
import { findProjectConfig, resolveSettings } from '../core/config/index.js'
import type { ChildEmulatorInput } from '../core/imds/index.js'
import { RunCache, runWithSecrets, spawnChild, type RunInput } from '../core/run/index.js'
import { parsePathPrefix } from '../core/store/index.js'
import { cacheDir } from '../shared/config-dir.js'
import { parseDuration } from '../shared/duration.js'
import { ExitCode, UsageError } from '../shared/errors.js'
import { openStoreFor, type AppContext } from './context.js'
import { settingFlags } from './setting-flags.js'
import type { RunFlags } from './run-flags.js'

/** The offline cache of `secrets run`, under the user's cache dir. */
export function runCache(ctx: AppContext): RunCache {
  return new RunCache(join(cacheDir(ctx.env), 'run'), ctx.keychain)
}

/** Who reads the store, as far as the cache must tell identities apart (no secret in it). */
export function cacheIdentity(
  env: NodeJS.ProcessEnv,
  settings: { profile?: string | undefined; region?: string | undefined },
): string {
  return JSON.stringify([
    settings.profile ?? env.AWS_PROFILE ?? '',
    settings.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '',
    env.AWS_ENDPOINT_URL_SSM ?? env.AWS_ENDPOINT_URL ?? '',
    env.AWS_ACCESS_KEY_ID ?? '',
  ])
}

/** `run` exits 125 for every failure of its own except "not executable" (126) and "not found" (127). */
export function runExitCode(code: number): number {
  return code === ExitCode.notExecutable || code === ExitCode.notFound ? code : ExitCode.runFailed
}

/** Wires `secrets run` to production dependencies and resolves to the exit status to pass on. */
export async function runFromFlags(flags: RunFlags, command: string[], ctx: AppContext): Promise<number> {
  const settings = resolveSettings(
    {
      ...settingFlags(flags),
      ...(flags.path ? { paths: flags.path } : {}),
      ...(flags['env-file'] ? { envFiles: flags['env-file'] } : {}),
    },
    await findProjectConfig(ctx.cwd),
    ctx.cwd,
  )
  const aws = {
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.region ? { region: settings.region } : {}),
  }
  const maxStaleMs = parseDuration(flags['max-stale'], '--max-stale')
  const paths = settings.paths.map(parsePathPrefix)
  const metadata = metadataEndpoint(flags, aws)
  // Imported only for --aws-env: it pulls in the SSO area, which plain runs never need.
  const awsEnv = flags['aws-env']
    ? await (await import('../core/identity/child-aws-env.js')).childAwsEnv(aws, ctx)
    : undefined
  const run = (identity: RunInput['identity']) =>
    runWithSecrets(
      {
        command,
        settings: { ...settings, paths },
        preserveEnv: (flags['preserve-env'] ?? '')
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean),
        explain: flags.explain,
        allowNested: flags['allow-nested'],
        offline: flags.offline,
        maxStaleMs,
        ...(identity ? { identity } : {}),
      },
      {
        env: ctx.env,
        openStore: (kind) => openStoreFor(ctx, kind, settings),
        cache: runCache(ctx),
        cacheIdentity: cacheIdentity(ctx.env, settings),
        now: () => new Date(),
        warn: (line) => process.stderr.write(`${line}\n`),
        spawn: (argv, env) => spawnChild(argv, env),
      },
    )
  if (!metadata) return run(awsEnv ? { env: awsEnv.set, unset: awsEnv.unset } : undefined)
  // Loaded only for --imds/--ecs: the emulator pulls in STS and X.509 code.
  const { withChildEmulator } = await import('../core/imds/index.js')
  const onWarning = (message: string) => process.stderr.write(`secrets: warning: ${message}\n`)
  return withChildEmulator(metadata, { env: ctx.env, keychain: ctx.keychain, onWarning }, run)
}

/** The metadata endpoint `--imds`/`--ecs` ask for, or undefined; `--role-arn` needs one. */
function metadataEndpoint(
  flags: RunFlags,
  aws: { profile?: string; region?: string },
): ChildEmulatorInput | undefined {
  if (!flags.imds && !flags.ecs) {
    if (flags['role-arn'] || flags['imds-v1'])
      throw new UsageError(`${flags['role-arn'] ? '--role-arn' : '--imds-v1'} needs --imds or --ecs.`, {
        hint: 'Add --imds (EC2 instance metadata) or --ecs (container credentials).',
      })
    return undefined
  }
  return {
    mode: flags.imds ? 'imds' : 'ecs',
    ...aws,
    ...(flags['role-arn'] ? { roleArn: flags['role-arn'] } : {}),
    ...(flags['imds-v1'] ? { imdsV1: true } : {}),
  }
}
