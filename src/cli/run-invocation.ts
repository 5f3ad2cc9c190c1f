import { join } from 'node:path'
import {
  planRun,
  RunCache,
  runExitCode,
  runWithSecrets,
  spawnChild,
  type RunInput,
  type RunRequest,
} from '../core/run/index.js'
import { settingFlagsFrom } from '../core/config/index.js'
import { cacheDir } from '../shared/config-dir.js'
import { appContext, resolveInvocation, type AppContext } from './context.js'
import { reportFailure } from './error-report.js'
import { humanOutput } from './present.js'

/** `secrets run` as parsed by either path: flags, words before `--`, and the child's argv. */
export interface RunArgv {
  flags: RunRequest
  positionals: string[]
  command: string[]
}

/**
 * Wires `secrets run` to production dependencies (keychain, stores, offline cache, spawn,
 * metadata emulator) and resolves to the exit status to pass on. Every decision is planRun's.
 */
export async function runInvocation(argv: RunArgv, ctx: AppContext): Promise<number> {
  const invocation = await resolveInvocation(ctx, settingFlagsFrom(argv.flags))
  const plan = planRun(argv, invocation.settings, ctx.env)
  const out = humanOutput()
  // The profile rule's "which one, and why" (not the flag): run's stderr is the child's, so only with --explain.
  if (plan.input.explain && invocation.profileNote && (plan.input.settings.store === 'ssm' || plan.metadata))
    out.notice(`secrets: ${invocation.profileNote}`)
  // Only for --aws-env: identity loads the SSO area on demand, so plain runs never pay for it.
  const awsEnv = plan.awsEnv
    ? await (await import('../core/identity/index.js')).childAwsEnv(plan.aws, ctx)
    : undefined
  const run = (identity: RunInput['identity']) =>
    runWithSecrets(
      { ...plan.input, ...(identity ? { identity } : {}) },
      {
        env: ctx.env,
        openStore: invocation.openStore,
        cache: new RunCache(join(cacheDir(ctx.env), 'run'), ctx.keychain),
        cacheIdentity: plan.cacheIdentity,
        now: () => new Date(),
        out,
        spawn: (command, env) => spawnChild(command, env),
      },
    )
  if (!plan.metadata) return run(awsEnv ? { env: awsEnv.set, unset: awsEnv.unset } : undefined)
  // Loaded only for --imds/--ecs: the emulator pulls in STS and X.509 code.
  const { withChildEmulator } = await import('../core/imds/index.js')
  const instanceConfig = plan.metadata.mode === 'imds' ? invocation.config?.imds : undefined
  const metadata = instanceConfig ? { ...plan.metadata, instanceConfig } : plan.metadata
  return withChildEmulator(metadata, { env: ctx.env, keychain: ctx.keychain, out }, run)
}

/** The fast path's `run`: the production context, and a failure reported like BaseCommand does. */
export async function runReportingFailure(argv: RunArgv): Promise<number> {
  try {
    return await runInvocation(argv, appContext())
  } catch (error) {
    return reportFailure(error, 'run', runExitCode)
  }
}
