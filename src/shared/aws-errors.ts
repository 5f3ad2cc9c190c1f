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
export type RemoteFailure = 'auth' | 'denied' | 'throttled' | 'unreachable' | 'other'

/** Classifies an AWS SDK error for fallback decisions (cache, retry, re-login). */
export function classifyAwsError(error: unknown): RemoteFailure {
  const name = errorName(error)
  if (AUTH_ERRORS.has(name)) return 'auth'
  if (DENIED_ERRORS.has(name)) return 'denied'
  if (THROTTLE_ERRORS.has(name)) return 'throttled'
  const code = systemErrorCode(error) ?? systemErrorCode((error as { cause?: unknown } | undefined)?.cause)
  if (code && NETWORK_CODES.has(code)) return 'unreachable'
  if (name === 'TimeoutError' || name === 'RequestTimeout' || name === 'AbortError') return 'unreachable'
  return 'other'
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
    case 'unreachable':
      return new RemoteError(`Could not reach AWS while ${what} (${systemErrorCode(error) ?? name}).`, {
        hint: 'Check the network, AWS_REGION and any AWS_ENDPOINT_URL_* settings.',
        cause: error,
        code: 'Unreachable',
      })
    default:
      return new RemoteError(`AWS failed while ${what}: ${name}: ${detail}`, { cause: error, code: name })
  }
}

function awsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0]?.slice(0, 300) ?? ''
}
