import { describe, expect, it } from 'vitest'
import {
  AwsCallTimeout,
  attachCallFacts,
  classifyAwsError,
  isTimeout,
  toRemoteError,
  type RemoteFailure,
} from '../../../src/shared/aws-errors.js'

const sdkError = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} happened`), { name, ...extra })

describe('classifyAwsError', () => {
  it.each<[string, unknown, RemoteFailure]>([
    ['expired token', sdkError('ExpiredTokenException'), 'auth'],
    ['access denied', sdkError('AccessDeniedException'), 'denied'],
    ['throttled', sdkError('ThrottlingException'), 'throttled'],
    [
      'reset (the SDK calls it TimeoutError)',
      sdkError('TimeoutError', { code: 'ECONNRESET' }),
      'unreachable',
    ],
    ['request timeout', sdkError('TimeoutError', { code: 'ETIMEDOUT' }), 'unreachable'],
    ['connect timeout', sdkError('TimeoutError'), 'unreachable'],
    ['our deadline', new AwsCallTimeout('SSM', 3_000), 'unreachable'],
    ['HTTP 500', sdkError('InternalFailure', { $metadata: { httpStatusCode: 500 } }), 'unavailable'],
    ['HTTP 503', sdkError('Unknown', { $metadata: { httpStatusCode: 503 } }), 'unavailable'],
    ['HTTP 400 validation', sdkError('ValidationException', { $metadata: { httpStatusCode: 400 } }), 'other'],
  ])('%s → %s', (_what, error, kind) => {
    expect(classifyAwsError(error)).toBe(kind)
  })
})

describe('isTimeout', () => {
  it.each<[unknown, boolean]>([
    [sdkError('TimeoutError', { code: 'ECONNRESET' }), false],
    [sdkError('TimeoutError', { code: 'ECONNREFUSED' }), false],
    [sdkError('TimeoutError', { code: 'ETIMEDOUT' }), true],
    [sdkError('TimeoutError'), true],
    [new AwsCallTimeout('STS', 1_000), true],
  ])('%o → %s', (error, expected) => {
    expect(isTimeout(error)).toBe(expected)
  })
})

describe('toRemoteError for network faults', () => {
  const facts = { endpoint: 'http://127.0.0.1:4566', boundMs: 10_000 }

  it('names the endpoint and the bound when nothing answered, and says how to wait longer', () => {
    const error = new AwsCallTimeout('SSM', 10_000)
    attachCallFacts(error, facts)
    const remote = toRemoteError(error, 'reading /app from SSM')
    expect(remote.exitCode).toBe(4)
    expect(remote.code).toBe('Unreachable')
    expect(remote.message).toBe(
      'No answer from http://127.0.0.1:4566 while reading /app from SSM (gave up after 10s).',
    )
    expect(remote.hint).toMatch(/network.*SECRETS_AWS_TIMEOUT/)
  })

  it('says "could not reach" with the code for a reset connection', () => {
    const error = sdkError('TimeoutError', { code: 'ECONNRESET' })
    attachCallFacts(error, facts)
    expect(toRemoteError(error, 'calling STS').message).toBe(
      'Could not reach http://127.0.0.1:4566 while calling STS (ECONNRESET).',
    )
  })

  it('reports a failing service (5xx after retries) with its status, as a remote failure', () => {
    const error = sdkError('InternalFailure', { $metadata: { httpStatusCode: 500 } })
    attachCallFacts(error, facts)
    const remote = toRemoteError(error, 'writing /app/x to SSM')
    expect(remote.exitCode).toBe(4)
    expect(remote.code).toBe('Unavailable')
    expect(remote.message).toMatch(/kept failing \(HTTP 500 InternalFailure\) while writing/)
    expect(remote.hint).toBeTruthy()
  })

  it('keeps the recorded facts out of JSON', () => {
    const error = new AwsCallTimeout('SSM', 10_000)
    attachCallFacts(error, facts)
    expect(JSON.stringify(error)).not.toContain('4566')
  })
})
