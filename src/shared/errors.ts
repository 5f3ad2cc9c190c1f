/**
 * Typed errors. Every error a user can act on carries the exit code from SPEC.md and the
 * next step. Messages name things (paths, profiles, files), never secret values.
 */

export const ExitCode = {
  ok: 0,
  found: 1,
  usage: 2,
  auth: 3,
  remote: 4,
  localEnv: 5,
  /** An unexpected failure: a bug in `secrets`, not something the user can fix. */
  internal: 70,
  runFailed: 125,
  notExecutable: 126,
  notFound: 127,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

export interface SecretsErrorOptions {
  /** What the user should do next, e.g. "run `secrets login --profile dev`". */
  hint?: string
  cause?: unknown
  /** A stable machine-readable identifier for `--json` output and tests. */
  code?: string
}

/** Base class for failures the user must act on. */
export class SecretsError extends Error {
  readonly exitCode: ExitCode
  readonly hint: string | undefined
  readonly code: string

  constructor(message: string, exitCode: ExitCode, options: SecretsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.exitCode = exitCode
    this.hint = options.hint
    this.code = options.code ?? new.target.name
  }
}

/** Bad flags, arguments or configuration (exit 2). */
export class UsageError extends SecretsError {
  constructor(message: string, options: SecretsErrorOptions = {}) {
    super(message, ExitCode.usage, options)
  }
}

/** Sign-in needed or session expired (exit 3). */
export class AuthError extends SecretsError {
  constructor(message: string, options: SecretsErrorOptions = {}) {
    super(message, ExitCode.auth, options)
  }
}

/** AWS or network failure (exit 4). */
export class RemoteError extends SecretsError {
  constructor(message: string, options: SecretsErrorOptions = {}) {
    super(message, ExitCode.remote, options)
  }
}

/** The local environment is in the way: no keychain, port in use, unreadable file (exit 5). */
export class LocalEnvError extends SecretsError {
  constructor(message: string, options: SecretsErrorOptions = {}) {
    super(message, ExitCode.localEnv, options)
  }
}

/** Returns true for errors we raised on purpose (as opposed to bugs). */
export function isSecretsError(error: unknown): error is SecretsError {
  return error instanceof SecretsError
}

/** Returns the error's `name` as the AWS SDK and Node set it, for classifying causes. */
export function errorName(error: unknown): string {
  if (error && typeof error === 'object' && 'name' in error && typeof error.name === 'string')
    return error.name
  return ''
}

/** Returns the Node system error code (`ENOENT`, `EACCES`, ...) when there is one. */
export function systemErrorCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string')
    return error.code
  return undefined
}
