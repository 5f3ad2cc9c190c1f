import { LocalEnvError, RemoteError, UsageError } from '../../shared/errors.js'
import type { HumanOutput } from '../../shared/human-output.js'
import { redactSecrets } from '../../shared/redact.js'
import { parseParameterPath, type ParameterStore } from '../store/index.js'
import { runExecCommand, type ExecRunner } from './exec-command.js'
import { generationSettings, type RotationPolicy } from './rotation-policy.js'
import {
  generateSecretValue,
  validateCharset,
  validateLength,
  type Charset,
  type RandomBytes,
} from './secret-value.js'

export interface RotateParameterInput {
  path: string
  length?: number
  charset?: string
  /** A command line that applies the new value before it is written (`--exec`). */
  exec?: string
  policy: RotationPolicy
}

export interface RotateParameterDeps {
  store: ParameterStore
  env: NodeJS.ProcessEnv
  /** Shows the exec command's (masked) output lines, indented with `  | `. */
  human: HumanOutput
  runExec?: ExecRunner
  random?: RandomBytes
}

export interface RotateParameterResult {
  path: string
  store: ParameterStore['kind']
  previousVersion: number
  version: number
  length: number
  charset: Charset
}

/**
 * Replaces a parameter's value with a freshly generated one and writes it as a new version
 * (the old one stays in history). With `exec`, the command applies the value first; if it
 * fails, nothing is written and the old value stands. The result never carries the value.
 */
export async function rotateParameter(
  input: RotateParameterInput,
  deps: RotateParameterDeps,
): Promise<RotateParameterResult> {
  const flags = {
    ...(input.length !== undefined ? { length: validateLength(input.length, '--length') } : {}),
    ...(input.charset !== undefined ? { charset: validateCharset(input.charset, '--charset') } : {}),
  }
  const settings = generationSettings(input.policy, input.path, flags)
  const current = await deps.store.get(input.path)
  if (!current) {
    // Rotating a path that does not exist is far more often a typo than a wish to create it.
    throw new UsageError(`No parameter ${input.path} in the ${deps.store.kind} store to rotate.`, {
      hint: `Check the path (\`secrets list\`), or create it first with \`secrets set ${input.path}\`.`,
      code: 'ParameterNotFound',
    })
  }
  const value = generateSecretValue(settings.length, settings.charset, deps.random)
  if (input.exec !== undefined) {
    const run = deps.runExec ?? runExecCommand
    let result
    try {
      result = await run(
        { command: input.exec, env: deps.env, oldValue: current.value, newValue: value, path: input.path },
        (line) => deps.human.notice(`  | ${line}`),
      )
    } catch (error) {
      throw new LocalEnvError(
        `Could not start the --exec command: ${(error as Error).message}. Nothing was written.`,
        {
          hint: `${input.path} still has version ${current.version}.`,
          cause: error,
          code: 'ExecFailed',
        },
      )
    }
    if (result.exitCode !== 0) {
      const how = result.signal ? `was killed by ${result.signal}` : `exited with ${result.exitCode}`
      throw new RemoteError(
        `The --exec command ${how}, so the new value was not applied. Nothing was written.`,
        {
          hint: `${input.path} still has version ${current.version}, the value in use. Fix the command (its output is above) and run the rotation again.`,
          code: 'ExecFailed',
        },
      )
    }
  }
  let version: number
  try {
    ;({ version } = await deps.store.put(input.path, value, { type: current.type }))
  } catch (error) {
    if (input.exec === undefined) throw error
    // The hard case: the system now uses a value the store failed to record. Say so plainly.
    const why = redactSecrets(error instanceof Error ? error.message : String(error), [value, current.value])
    throw new RemoteError(
      `The --exec command applied a new value, but writing it to ${input.path} failed: ${why}. The store still holds version ${current.version}, which the system no longer accepts.`,
      {
        hint: `Once the store is reachable, run the same \`secrets rotate ${input.path} --exec ...\` again: it generates and applies another value and records it.`,
        cause: error,
        code: 'WriteAfterExecFailed',
      },
    )
  }
  return { path: input.path, store: deps.store.kind, previousVersion: current.version, version, ...settings }
}

/** The line that tells the human what a parameter rotation did (never the value). */
export function describeParameterRotation(result: RotateParameterResult): string {
  const { path, version, previousVersion, store, length, charset } = result
  return `Rotated ${path} to version ${version} (was ${previousVersion}) in the ${store} store: ${length} ${charset} characters.`
}

/** What `secrets rotate` was asked to do: exactly one of a parameter PATH (validated) or --check. */
export function rotateTarget(
  path: string | undefined,
  check: boolean,
): { check: true } | { check: false; path: string } {
  if (check === Boolean(path))
    throw new UsageError('Give either a PATH to rotate or --check.', {
      hint: 'e.g. `secrets rotate /app/x`.',
    })
  return path ? { check: false, path: parseParameterPath(path) } : { check: true }
}
