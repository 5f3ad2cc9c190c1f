import { userInfo } from 'node:os'
import type { EffectiveSettings, ProjectConfig } from '../core/config/index.js'
import type { ChildEmulatorInput } from '../core/imds/index.js'
import type { HumanOutput } from '../shared/human-output.js'

/**
 * The need-to-know wiring `run` and `imds` share: the declared `needs` as the emulator's
 * session policy (or the refusal), and `--isolate` around the child. Loaded only when a
 * metadata endpoint or isolation is asked for.
 */

/** Who runs this, for the AssumeRole session name. */
export function osUser(env: NodeJS.ProcessEnv): string {
  if (env.USER || env.USERNAME) return env.USER ?? env.USERNAME ?? ''
  try {
    return userInfo().username
  } catch {
    return 'dev'
  }
}

/**
 * Adds the declared scope to the emulator's input: `--role-arn`/`needs.role` with the session
 * policy, or the refusal (no role to narrow with), or a warning for `--unscoped`.
 */
export async function scopedEmulatorInput<T extends Pick<ChildEmulatorInput, 'roleArn'>>(
  metadata: T,
  request: { unscoped: boolean },
  invocation: {
    settings: Pick<EffectiveSettings, 'paths' | 'envFiles' | 'needs'>
    config: ProjectConfig | undefined
  },
  env: NodeJS.ProcessEnv,
  out: HumanOutput,
): Promise<T & Pick<ChildEmulatorInput, 'sessionName' | 'sessionPolicy'>> {
  const { decideScope, appParameters } = await import('../core/needs/index.js')
  const needs = invocation.settings.needs
  const { paths, parameters } = needs
    ? await appParameters(invocation.settings)
    : { paths: [], parameters: [] }
  const scope = decideScope({
    needs,
    roleArn: metadata.roleArn,
    unscoped: request.unscoped,
    paths,
    parameters,
    projectDir: invocation.config?.dir,
    user: osUser(env),
  })
  if (scope.kind === 'unscoped') out.warn(scope.warning)
  const roleArn = scope.roleArn
  return {
    ...metadata,
    ...(roleArn ? { roleArn } : {}),
    sessionName: scope.sessionName,
    ...(scope.kind === 'scoped' ? { sessionPolicy: scope.sessionPolicy } : {}),
  }
}

/** How the child is started under `--isolate`: its argv and environment, and signal delivery. */
export type IsolatedLaunch = (
  argv: string[],
  env: Record<string, string>,
) => {
  argv: string[]
  env: Record<string, string>
  forward: (pid: number, signal: NodeJS.Signals) => boolean
}

/**
 * For `--isolate`: refuses now (before any secret is read) when isolation cannot work here,
 * and returns what turns the child's argv into the bubblewrap command, without the variables
 * that point at what is hidden. Used for every child a run starts (`--watch` restarts, `--mask`).
 */
export async function isolatedLaunch(env: NodeJS.ProcessEnv): Promise<IsolatedLaunch> {
  const { isolationSupport, isolateCommand, hiddenPathsFor, signalSandboxed, UNSET_WHEN_ISOLATED } =
    await import('../core/needs/index.js')
  const { LocalEnvError } = await import('../shared/errors.js')
  const support = await isolationSupport()
  if (!support.available)
    throw new LocalEnvError(`Cannot isolate the child: ${support.reason}`, {
      hint: support.fix,
      code: 'IsolationUnavailable',
    })
  hiddenPathsFor(env) // refuses now when something cannot be hidden (an abstract D-Bus socket)
  const { bwrap } = support
  return (argv, childEnv) => ({
    argv: isolateCommand(argv, childEnv, { bwrap, env }),
    env: Object.fromEntries(Object.entries(childEnv).filter(([name]) => !UNSET_WHEN_ISOLATED.includes(name))),
    // Signals go to the command inside, not to bubblewrap's launcher (which would die of them).
    forward: signalSandboxed,
  })
}
