import { UsageError } from '../../shared/errors.js'
import { envNameFor } from './env-name.js'

/** Linux refuses one "NAME=value" string over MAX_ARG_STRLEN (32 pages = 128 KiB). */
export const MAX_VARIABLE_BYTES = 128 * 1024
/** A conservative ARG_MAX: argv + envp + pointers must fit (Linux: a quarter of the 8 MiB stack). */
export const DEFAULT_ARG_MAX = 2 * 1024 * 1024

/**
 * The one rule for a single variable, used by `run` (checkEnvLimits, before the child starts)
 * and `set` (checkInjectableValue, before a value is stored that `run` could never inject):
 * no NUL byte (it truncates a C string) and "NAME=value\0" within MAX_VARIABLE_BYTES. `label`
 * names the variable (run) or the parameter and its variable (set); the value never appears.
 * Returns the variable's size in bytes.
 */
function checkVariable(label: string, name: string, value: string): number {
  if (value.includes('\0')) {
    throw new UsageError(`The value of ${label} contains a NUL byte, which an environment cannot carry.`, {
      hint: 'Store such data base64-encoded and decode it in the app.',
      code: 'EnvValueNul',
    })
  }
  const bytes = Buffer.byteLength(name) + 1 + Buffer.byteLength(value) + 1
  if (bytes > MAX_VARIABLE_BYTES) {
    throw new UsageError(
      `${label} is ${bytes} bytes; the OS refuses a variable over ${MAX_VARIABLE_BYTES} bytes.`,
      {
        hint: 'Keep large values (certificates, bundles) in a file and pass its path instead.',
        code: 'EnvValueTooLarge',
      },
    )
  }
  return bytes
}

/**
 * Refuses an environment the OS would refuse (E2BIG) or mangle (NUL truncates a C string),
 * naming the variable, so the user gets a reason instead of a spawn crash.
 */
export function checkEnvLimits(env: Record<string, string>, argv: string[], argMax = DEFAULT_ARG_MAX): void {
  let total = 0
  for (const arg of argv) total += Buffer.byteLength(arg) + 1 + 8
  for (const [name, value] of Object.entries(env)) {
    if (name === '' || name.includes('=') || name.includes('\0')) {
      throw new UsageError(
        `Variable name ${JSON.stringify(name.replace(/\0/g, '\\0'))} is not valid in an environment.`,
      )
    }
    total += checkVariable(name, name, value) + 8
  }
  if (total > argMax) {
    throw new UsageError(
      `The command line and environment total ${total} bytes; the OS limit is about ${argMax}.`,
      {
        hint: 'Read fewer parameters (narrow --path) or drop large inherited variables.',
        code: 'EnvTooLarge',
      },
    )
  }
}

/**
 * `set` refuses a value `run` would refuse, with run's rule and message, for both stores: a
 * parameter `secrets` writes is one `secrets run` injects (the ssm store too: ECS and Lambda
 * also hand SSM values to processes as environment variables). The variable is sized with the
 * shortest name the path can get — its last segment, as `run --path <parent>` names it — so
 * nothing `run` could inject is refused.
 */
export function checkInjectableValue(path: string, value: string): void {
  const parent = path.slice(0, path.lastIndexOf('/')) || '/'
  const name = envNameFor(path, parent)
  checkVariable(`${path} (as ${name})`, name, value)
}
