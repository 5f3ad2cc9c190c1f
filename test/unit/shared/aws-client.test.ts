import { describe, expect, it } from 'vitest'
import {
  awsClientConfig,
  configuredEndpoint,
  lazyAwsClient,
  type AwsService,
} from '../../../src/shared/aws-client.js'

describe('awsClientConfig', () => {
  it("sets timeouts, adaptive retry with the caller's attempts, and our user agent", () => {
    const config = awsClientConfig('ssm', { region: 'eu-west-1', profile: 'dev' }, { maxAttempts: 6 })
    expect(config).toMatchObject({
      region: 'eu-west-1',
      profile: 'dev',
      retryMode: 'adaptive',
      maxAttempts: 6,
      requestHandler: { connectionTimeout: 3_000, requestTimeout: 20_000 },
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
