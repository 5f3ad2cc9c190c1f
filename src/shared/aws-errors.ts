import { formatDuration } from './duration.js'
import { AuthError, RemoteError, SecretsError, UsageError, errorName, systemErrorCode } from './errors.js'

const AUTH_ERRORS = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'CredentialsProviderError',
  'UnauthorizedException',
  'TokenProviderError',
])
const DENIED_ERRORS = new Set(['AccessDeniedException', 'AccessDenied', 'AuthorizationError'])
const THROTTLE_ERRORS = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
])
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
])

/** Why a remote call failed, as far as callers need to branch on it. */
export type RemoteFailure = 'auth' | 'denied' | 'throttled' | 'unreachable' | 'unavailable' | 'other'

/** Where a failed AWS call went and how long it was allowed: set by the client factory. */
export interface AwsCallFacts {
  /** `https://ssm.eu-west-1.amazonaws.com`, or the configured AWS_ENDPOINT_URL[_<SERVICE>]. */
  endpoint: string
  /** The bound on the whole call, retries included (SECRETS_AWS_TIMEOUT). */
  boundMs: number
}

const CALL_FACTS = Symbol.for('secrets.awsCallFacts')

/** Records on an SDK error where the call went (non-enumerable: never serialised). */
export function attachCallFacts(error: unknown, facts: AwsCallFacts): void {
  if (error && typeof error === 'object' && !(CALL_FACTS in error)) {
    Object.defineProperty(error, CALL_FACTS, { value: facts, enumerable: false })
  }
}

/** The facts the factory recorded on an SDK error, if any. */
export function callFactsOf(error: unknown): AwsCallFacts | undefined {
  if (error && typeof error === 'object' && CALL_FACTS in error) {
    return (error as { [CALL_FACTS]: AwsCallFacts })[CALL_FACTS]
  }
  return undefined
}

/**
 * The whole call (retries included) outlived its bound: raised by the client factory's
 * deadline, so a silent endpoint (connection accepted, nothing answered) ends the call.
 */
export class AwsCallTimeout extends Error {
  override readonly name = 'TimeoutError'
  readonly code = 'ETIMEDOUT'
  constructor(service: string, boundMs: number) {
    super(`No answer from ${service} within ${formatDuration(boundMs)}.`)
  }
}

/** Classifies an AWS SDK error for fallback decisions (cache, retry, re-login). */
export function classifyAwsError(error: unknown): RemoteFailure {
  const name = errorName(error)
  if (AUTH_ERRORS.has(name)) return 'auth'
  if (DENIED_ERRORS.has(name)) return 'denied'
  if (THROTTLE_ERRORS.has(name)) return 'throttled'
  const code = systemErrorCode(error) ?? systemErrorCode((error as { cause?: unknown } | undefined)?.cause)
  if (code && NETWORK_CODES.has(code)) return 'unreachable'
  if (name === 'TimeoutError' || name === 'RequestTimeout' || name === 'AbortError') return 'unreachable'
  // A 5xx after the SDK's retries: the service (or a proxy before it) is failing, not us.
  if ((httpStatusOf(error) ?? 0) >= 500) return 'unavailable'
  return 'other'
}

/** True when the failure was a wait that ran out (as opposed to a refused or reset connection). */
export function isTimeout(error: unknown): boolean {
  const name = errorName(error)
  const code = systemErrorCode(error)
  // The SDK names ECONNRESET/EPIPE/ECONNREFUSED "TimeoutError" too: the code tells them apart.
  if (code) return code === 'ETIMEDOUT'
  return name === 'TimeoutError' || name === 'RequestTimeout' || name === 'AbortError'
}

function httpStatusOf(error: unknown): number | undefined {
  const meta = (error as { $metadata?: { httpStatusCode?: unknown } } | undefined)?.$metadata
  return typeof meta?.httpStatusCode === 'number' ? meta.httpStatusCode : undefined
}

/**
 * Turns an AWS SDK error into a typed error with a next step. `what` says what we were
 * doing ("reading /app/dev from SSM"); `loginHint` is the command that fixes credentials.
 */
export function toRemoteError(error: unknown, what: string, loginHint?: string): SecretsError {
  if (error instanceof SecretsError) return error
  if (error instanceof Error && error.message === 'Region is missing') {
    return new UsageError(`No AWS region is configured for ${what}.`, {
      hint: 'Pass --region, set AWS_REGION, or add "region" to .secretsrc.json or your AWS profile.',
      cause: error,
      code: 'RegionMissing',
    })
  }
  const kind = classifyAwsError(error)
  const name = errorName(error) || 'Error'
  const detail = awsMessage(error)
  switch (kind) {
    case 'auth':
      return new AuthError(`AWS rejected the credentials while ${what} (${name}).`, {
        hint: loginHint ?? 'Refresh your AWS credentials (e.g. `secrets login --profile P`) and try again.',
        cause: error,
        code: 'AuthRequired',
      })
    case 'denied':
      return new RemoteError(`Access denied while ${what}: ${detail}`, {
        hint: 'Ask for the IAM permission named above, or use a profile that has it.',
        cause: error,
        code: 'AccessDenied',
      })
    case 'throttled':
      return new RemoteError(`AWS kept throttling requests while ${what}, after retries.`, {
        hint: 'Try again in a moment.',
        cause: error,
        code: 'Throttled',
      })
    case 'unreachable': {
      const facts = callFactsOf(error)
      const where = facts?.endpoint ?? 'AWS'
      const message = isTimeout(error)
        ? `No answer from ${where} while ${what}${facts ? ` (gave up after ${formatDuration(facts.boundMs)})` : ''}.`
        : `Could not reach ${where} while ${what} (${systemErrorCode(error) ?? name}).`
      return new RemoteError(message, {
        hint:
          'Check the network (VPN, proxy), AWS_REGION and any AWS_ENDPOINT_URL_* setting; ' +
          'SECRETS_AWS_TIMEOUT (e.g. 30s) sets how long to wait.',
        cause: error,
        code: 'Unreachable',
      })
    }
    case 'unavailable': {
      const where = callFactsOf(error)?.endpoint ?? 'AWS'
      return new RemoteError(
        `${where} kept failing (HTTP ${httpStatusOf(error)} ${name}) while ${what}, after retries.`,
        {
          hint: 'The service is failing, not your request: try again in a moment.',
          cause: error,
          code: 'Unavailable',
        },
      )
    }
    default:
      return new RemoteError(`AWS failed while ${what}: ${name}: ${detail}`, { cause: error, code: name })
  }
}

function awsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0]?.slice(0, 300) ?? ''
}
