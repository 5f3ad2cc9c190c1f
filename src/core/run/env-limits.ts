import { UsageError } from '../../shared/errors.js'

/** Linux refuses one "NAME=value" string over MAX_ARG_STRLEN (32 pages = 128 KiB). */
export const MAX_VARIABLE_BYTES = 128 * 1024
/** A conservative ARG_MAX: argv + envp + pointers must fit (Linux: a quarter of the 8 MiB stack). */
export const DEFAULT_ARG_MAX = 2 * 1024 * 1024

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
    if (value.includes('\0')) {
      throw new UsageError(`The value of ${name} contains a NUL byte, which an environment cannot carry.`, {
        hint: 'Store such data base64-encoded and decode it in the app.',
        code: 'EnvValueNul',
      })
    }
    const bytes = Buffer.byteLength(name) + 1 + Buffer.byteLength(value) + 1
    if (bytes > MAX_VARIABLE_BYTES) {
      throw new UsageError(
        `${name} is ${bytes} bytes; the OS refuses a variable over ${MAX_VARIABLE_BYTES} bytes.`,
        {
          hint: 'Keep large values (certificates, bundles) in a file and pass its path instead.',
          code: 'EnvValueTooLarge',
        },
      )
    }
    total += bytes + 8
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
