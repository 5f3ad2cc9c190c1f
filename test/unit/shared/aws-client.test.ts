import { describe, expect, it } from 'vitest'
import {
  awsCallBound,
  awsClientConfig,
  awsTimeouts,
  configuredEndpoint,
  lazyAwsClient,
  type AwsService,
} from '../../../src/shared/aws-client.js'

describe('awsClientConfig', () => {
  it("sets throwing timeouts, adaptive retry with the caller's attempts, and our user agent", () => {
    const config = awsClientConfig('ssm', { region: 'eu-west-1', profile: 'dev' }, { maxAttempts: 6 })
    expect(config).toMatchObject({
      region: 'eu-west-1',
      profile: 'dev',
      retryMode: 'adaptive',
      maxAttempts: 6,
      requestHandler: { connectionTimeout: 3_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
    })
    expect(config.customUserAgent).toMatch(/^secrets\/\d+\.\d+\.\d+/)
    expect(config).not.toHaveProperty('endpoint')
  })

  it.each<[AwsService, NodeJS.ProcessEnv, string | undefined]>([
    ['sso-oidc', { AWS_ENDPOINT_URL_SSO_OIDC: 'http://oidc', AWS_ENDPOINT_URL: 'http://all' }, 'http://oidc'],
    ['sso', { AWS_ENDPOINT_URL_SSO_OIDC: 'http://oidc', AWS_ENDPOINT_URL: 'http://all' }, 'http://all'],
    ['sts', { AWS_ENDPOINT_URL_STS: 'http://sts' }, 'http://sts'],
    ['iam', { AWS_ENDPOINT_URL: 'http://all', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, undefined],
    ['ssm', {}, undefined],
  ])('%s with an injected env %j → endpoint %s', (service, env, endpoint) => {
    expect(awsClientConfig(service, {}, { maxAttempts: 1, env }).endpoint).toBe(endpoint)
  })

  it('leaves process.env to the SDK', () => {
    expect(awsClientConfig('sts', {}, { maxAttempts: 1, env: process.env })).not.toHaveProperty('endpoint')
  })
})

describe('lazyAwsClient', () => {
  it('builds once, on first use, and reports the configured endpoint', async () => {
    const get = lazyAwsClient(
      'sso-oidc',
      { region: 'us-east-1' },
      {
        maxAttempts: 3,
        env: { AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:9/base' },
      },
    )
    const first = await get()
    expect(await get()).toBe(first)
    expect(await configuredEndpoint(first.client)).toBe('http://127.0.0.1:9/base')
    get.destroy()
  })
})

describe('awsCallBound (SECRETS_AWS_TIMEOUT)', () => {
  it.each<[string | undefined, number]>([
    [undefined, 10_000],
    ['', 10_000],
    ['30s', 30_000],
    ['1m', 60_000],
    ['4', 4_000],
    ['2.5', 2_500],
    ['1500ms', 1_500],
  ])('%j → %d ms', (value, ms) => {
    expect(awsCallBound(value === undefined ? {} : { SECRETS_AWS_TIMEOUT: value })).toBe(ms)
  })

  it.each(['soon', '0', '500ms', '11m', '-3s'])('refuses %j with the way to fix it', (value) => {
    expect(() => awsCallBound({ SECRETS_AWS_TIMEOUT: value })).toThrow(/SECRETS_AWS_TIMEOUT/)
  })

  it('gives each attempt 3 s to connect and half the bound to answer, and makes timeouts throw', () => {
    expect(awsTimeouts(10_000)).toEqual({
      connectionTimeout: 3_000,
      requestTimeout: 5_000,
      throwOnRequestTimeout: true,
    })
    expect(awsTimeouts(1_000)).toEqual({
      connectionTimeout: 1_000,
      requestTimeout: 1_000,
      throwOnRequestTimeout: true,
    })
    // One attempt: nothing to retry, so it may use the whole bound.
    expect(awsTimeouts(10_000, 1)).toMatchObject({ requestTimeout: 10_000 })
  })
})
