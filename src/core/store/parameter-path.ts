import { UsageError } from '../../shared/errors.js'

/** SSM's limits on parameter names: 1011 characters, 15 levels, [a-zA-Z0-9_.-] segments. */
const MAX_LENGTH = 1011
const MAX_DEPTH = 15
const SEGMENT = /^[A-Za-z0-9_.-]+$/

/** Validates a parameter path (`/app/dev/db/password`) and returns it normalised. */
export function parseParameterPath(input: string): string {
  const path = normalise(input)
  if (path === '/')
    throw new UsageError('A parameter path needs a name after "/", e.g. /app/dev/db/password.')
  validate(path, input)
  return path
}

/** Validates a path prefix for recursive reads (`/app/dev`, `/`) and returns it normalised. */
export function parsePathPrefix(input: string): string {
  const path = normalise(input)
  if (path !== '/') validate(path, input)
  return path
}

/** True when `path` is `prefix` itself or lies below it. */
export function isUnderPrefix(path: string, prefix: string): boolean {
  if (prefix === '/') return path.startsWith('/')
  return path === prefix || path.startsWith(`${prefix}/`)
}

function normalise(input: string): string {
  const trimmed = input.trim()
  if (!trimmed.startsWith('/')) {
    throw new UsageError(
      `Parameter path "${truncate(trimmed)}" must start with "/", e.g. /app/dev/db/password.`,
    )
  }
  return trimmed.length > 1 && trimmed.endsWith('/') ? trimmed.slice(0, -1) : trimmed
}

function validate(path: string, input: string): void {
  if (path.length > MAX_LENGTH)
    throw new UsageError(`Parameter path is longer than ${MAX_LENGTH} characters.`)
  const segments = path.slice(1).split('/')
  if (segments.length > MAX_DEPTH) {
    throw new UsageError(`Parameter path "${truncate(input)}" has more than ${MAX_DEPTH} levels.`)
  }
  for (const segment of segments) {
    if (!SEGMENT.test(segment)) {
      throw new UsageError(
        `Parameter path "${truncate(input)}" is not valid: each level needs letters, digits, "_", "." or "-" (no empty levels).`,
      )
    }
  }
  const first = segments[0]?.toLowerCase() ?? ''
  if (first.startsWith('aws') || first.startsWith('ssm')) {
    throw new UsageError(
      `Parameter path "${truncate(input)}" starts with a prefix AWS reserves ("aws" or "ssm").`,
    )
  }
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}
