import { join } from 'node:path'
import {
  loadRunLock,
  planRun,
  RunCache,
  runExitCode,
  runWithSecrets,
  spawnChild,
  startChild,
  watchWithSecrets,
  type RunInput,
  type SpawnOptions,
  type RunRequest,
  type RunSummary,
} from '../core/run/index.js'
import type { AuditEvent } from '../core/audit/index.js'
import { ExitCode, isSecretsError } from '../shared/errors.js'
import { record, versionsOf } from './audit.js'
import { settingFlagsFrom } from '../core/config/index.js'
import { cacheDir } from '../shared/config-dir.js'
import { localStoreFile } from '../core/store/index.js'
import { requirePrivateDir } from '../shared/private-dir.js'
import { appContext, resolveInvocation, storeIdentity, type AppContext } from './context.js'
import { reportFailure } from './error-report.js'
import { humanOutput } from './present.js'
import { guardRun } from './run-guard.js'

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
  const guard = guardRun(ctx.env)
  try {
    return await guardedRun(argv, ctx, () => guard.beforeSpawn())
  } finally {
    guard.release()
  }
}

async function guardedRun(argv: RunArgv, ctx: AppContext, beforeSpawn: () => Promise<void>): Promise<number> {
  const invocation = await resolveInvocation(ctx, settingFlagsFrom(argv.flags))
  const plan = planRun(argv, invocation.settings, ctx.env, { mask: invocation.config?.mask === true })
  const out = humanOutput()
  // The offline cache's directory: refused when another user owns or can write it.
  requirePrivateDir(cacheDir(ctx.env), (message) => out.warn(message))
  // The profile rule's "which one, and why" (not the flag): run's stderr is the child's, so only with --explain.
  if (plan.input.explain && invocation.profileNote && (plan.input.settings.store === 'ssm' || plan.metadata))
    out.notice(`secrets: ${invocation.profileNote}`)
  // Only for --aws-env: identity loads the SSO area on demand, so plain runs never pay for it.
  const awsEnv = plan.awsEnv
    ? await (await import('../core/identity/index.js')).childAwsEnv(plan.aws, ctx)
    : undefined
  // Need to know: --isolate refuses here, before any secret is read, when it cannot work.
  const isolate = argv.flags.isolate === true || invocation.settings.isolate === true
  const launch = isolate ? await (await import('./run-needs.js')).isolatedLaunch(ctx.env) : undefined
  const lock = await loadRunLock({
    configDir: invocation.config?.dir,
    cwd: ctx.cwd,
    frozen: argv.flags.frozen === true || invocation.settings.frozen === true,
    locked: argv.flags.locked === true,
  })
  let summary: RunSummary | undefined
  const audit = (result: Pick<AuditEvent, 'result' | 'exit'> & { error?: string }) =>
    record(
      {
        op: 'run',
        ...storeIdentity(invocation.settings),
        paths: summary ? [...new Set(summary.parameters.map((p) => p.name))] : invocation.settings.paths,
        ...(summary
          ? { versions: versionsOf(summary.parameters.map((p) => ({ path: p.name, version: p.version }))) }
          : {}),
        argv0: argv.command[0] ?? '',
        cwd: ctx.cwd,
        names: summary?.names ?? [],
        ...result,
      },
      ctx.env,
    )
  // Every child of this run (the first, and each --watch restart) is started the same way:
  // under bubblewrap with --isolate, its output through the mask with --mask.
  const child = (command: string[], env: Record<string, string>, options: SpawnOptions = {}) => {
    const started = launch ? launch(command, env) : { argv: command, env, forward: undefined }
    return {
      argv: started.argv,
      env: started.env,
      deps: {
        interactive: Boolean(process.stdin.isTTY),
        ...(started.forward ? { forward: started.forward } : {}),
        ...(options.mask
          ? { mask: { patterns: options.mask, stdout: process.stdout, stderr: process.stderr } }
          : {}),
      },
    }
  }
  const deps = {
    env: ctx.env,
    openStore: invocation.openStore,
    cache: new RunCache(join(cacheDir(ctx.env), 'run'), ctx.keychain),
    cacheIdentity: plan.cacheIdentity,
    now: () => new Date(),
    out,
    spawn: async (command: string[], env: Record<string, string>, options?: SpawnOptions) => {
      await beforeSpawn()
      const c = child(command, env, options)
      return spawnChild(c.argv, c.env, c.deps)
    },
    start: (command: string[], env: Record<string, string>, options?: SpawnOptions) => {
      const c = child(command, env, options)
      return startChild(c.argv, c.env, c.deps)
    },
    localStoreFile: localStoreFile(ctx.env),
    onPrepared: (s: RunSummary) => (summary = s),
  }
  const run = (identity: RunInput['identity']) => {
    const input = { ...plan.input, ...(identity ? { identity } : {}), ...(lock ? { lock } : {}) }
    return plan.watch ? watchWithSecrets(input, plan.watch, deps) : runWithSecrets(input, deps)
  }
  try {
    const code = await runMaybeWithMetadata(run)
    await audit({ result: 'ok', exit: code })
    return code
  } catch (error) {
    await audit({
      result: 'error',
      error: isSecretsError(error) ? error.code : (error as Error).name,
      exit: runExitCode(isSecretsError(error) ? error.exitCode : ExitCode.internal),
    })
    throw error
  }

  async function runMaybeWithMetadata(
    run: (identity: RunInput['identity']) => Promise<number>,
  ): Promise<number> {
    if (!plan.metadata) return run(awsEnv ? { env: awsEnv.set, unset: awsEnv.unset } : undefined)
    // Loaded only for --imds/--ecs: the emulator pulls in STS and X.509 code.
    const { withChildEmulator } = await import('../core/imds/index.js')
    const instanceConfig = plan.metadata.mode === 'imds' ? invocation.config?.imds : undefined
    const { scopedEmulatorInput } = await import('./run-needs.js')
    const metadata = await scopedEmulatorInput(
      instanceConfig ? { ...plan.metadata, instanceConfig } : plan.metadata,
      { unscoped: argv.flags.unscoped === true },
      invocation,
      ctx.env,
      out,
    )
    return withChildEmulator(metadata, { env: ctx.env, keychain: ctx.keychain, out }, run)
  }
}

/** The fast path's `run`: the production context, and a failure reported like BaseCommand does. */
export async function runReportingFailure(argv: RunArgv): Promise<number> {
  try {
    return await runInvocation(argv, appContext())
  } catch (error) {
    return reportFailure(error, 'run', runExitCode)
  }
}
