import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { IAMClient } from '@aws-sdk/client-iam'
import type { SSMClient } from '@aws-sdk/client-ssm'
import type { SSOClient } from '@aws-sdk/client-sso'
import type { SSOOIDCClient } from '@aws-sdk/client-sso-oidc'
import type { STSClient } from '@aws-sdk/client-sts'
import type { AwsContext } from './aws-config.js'

/**
 * The one AWS client factory: every SSM, STS, IAM, SSO and SSO-OIDC client is built here,
 * so endpoint, region, credentials, timeouts, retries and user agent are decided once. The
 * SDK module is imported when a client is first built, never at start-up.
 */

/** The services this project calls. */
export type AwsService = 'ssm' | 'sts' | 'iam' | 'sso' | 'sso-oidc'

interface SdkModules {
  ssm: typeof import('@aws-sdk/client-ssm')
  sts: typeof import('@aws-sdk/client-sts')
  iam: typeof import('@aws-sdk/client-iam')
  sso: typeof import('@aws-sdk/client-sso')
  'sso-oidc': typeof import('@aws-sdk/client-sso-oidc')
}

interface SdkClients {
  ssm: SSMClient
  sts: STSClient
  iam: IAMClient
  sso: SSOClient
  'sso-oidc': SSOOIDCClient
}

/** A built client and the SDK module its commands come from. */
export interface AwsClient<S extends AwsService> {
  sdk: SdkModules[S]
  client: SdkClients[S]
}

export interface AwsClientOptions {
  /** Attempts per call, first one included (the SDK's maxAttempts); each caller's own choice. */
  maxAttempts: number
  /**
   * An environment other than `process.env` (tests, embedding): its AWS_ENDPOINT_URL_<SERVICE>
   * and AWS_ENDPOINT_URL apply, as the SDK would apply them to `process.env` itself.
   */
  env?: NodeJS.ProcessEnv
}

type ClientConfig = ReturnType<typeof awsClientConfig>

interface ServiceEntry<S extends AwsService> {
  /** The SDK's service id as in AWS_ENDPOINT_URL_<ID>. */
  envId: string
  load: () => Promise<SdkModules[S]>
  build: (sdk: SdkModules[S], config: ClientConfig) => SdkClients[S]
}

/** How each service's module is loaded and its client constructed. */
const SERVICES: { [S in AwsService]: ServiceEntry<S> } = {
  ssm: { envId: 'SSM', load: () => import('@aws-sdk/client-ssm'), build: (sdk, c) => new sdk.SSMClient(c) },
  sts: { envId: 'STS', load: () => import('@aws-sdk/client-sts'), build: (sdk, c) => new sdk.STSClient(c) },
  iam: { envId: 'IAM', load: () => import('@aws-sdk/client-iam'), build: (sdk, c) => new sdk.IAMClient(c) },
  sso: { envId: 'SSO', load: () => import('@aws-sdk/client-sso'), build: (sdk, c) => new sdk.SSOClient(c) },
  'sso-oidc': {
    envId: 'SSO_OIDC',
    load: () => import('@aws-sdk/client-sso-oidc'),
    build: (sdk, c) => new sdk.SSOOIDCClient(c),
  },
}

/** Connection and request timeouts: without them a black-holed endpoint hangs a command forever. */
export const AWS_TIMEOUTS = { connectionTimeout: 3_000, requestTimeout: 20_000 } as const

/**
 * The configuration of every client: the context's region, profile and credentials (else
 * the SDK's chains), adaptive retry (client-side rate limiting on throttling) with the
 * caller's attempt count, the timeouts above, our user agent, and the endpoint as the SDK
 * resolves it (AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the config file's endpoint_url).
 * Later limits on total time belong here too.
 */
export function awsClientConfig(service: AwsService, context: AwsContext, options: AwsClientOptions) {
  const endpoint = injectedEndpoint(service, options.env)
  return {
    ...(context.region ? { region: context.region } : {}),
    ...(context.profile ? { profile: context.profile } : {}),
    ...(context.credentials ? { credentials: context.credentials } : {}),
    ...(endpoint ? { endpoint } : {}),
    retryMode: 'adaptive' as const,
    maxAttempts: options.maxAttempts,
    requestHandler: { ...AWS_TIMEOUTS },
    customUserAgent: userAgent(),
  }
}

/** A client built on first call (SDK imported then) and reused; `destroy()` releases its sockets. */
export interface LazyAwsClient<S extends AwsService> {
  (): Promise<AwsClient<S>>
  destroy(): void
}

/** Returns a lazily built, memoised client: the one way this project holds an AWS client. */
export function lazyAwsClient<S extends AwsService>(
  service: S,
  context: AwsContext,
  options: AwsClientOptions,
): LazyAwsClient<S> {
  const entry: ServiceEntry<S> = SERVICES[service]
  let built: Promise<AwsClient<S>> | undefined
  const get = () =>
    (built ??= entry
      .load()
      .then((sdk) => ({ sdk, client: entry.build(sdk, awsClientConfig(service, context, options)) })))
  return Object.assign(get, {
    destroy: () => void built?.then(({ client }) => client.destroy()).catch(() => undefined),
  })
}

/** Builds a client for one piece of work (e.g. signed with a given key) and destroys it after. */
export async function withAwsClient<S extends AwsService, T>(
  service: S,
  context: AwsContext,
  options: AwsClientOptions,
  fn: (sdk: SdkModules[S], client: SdkClients[S]) => Promise<T>,
): Promise<T> {
  const { sdk, client } = await lazyAwsClient(service, context, options)()
  try {
    return await fn(sdk, client)
  } finally {
    client.destroy()
  }
}

/**
 * The endpoint URL a built client sends to, when one is configured (explicitly or through
 * AWS_ENDPOINT_URL[_<SERVICE>] / the config file); undefined for the service's default.
 */
export async function configuredEndpoint(client: { config: object }): Promise<string | undefined> {
  const config = client.config as {
    endpoint?: () => Promise<{ protocol: string; hostname: string; port?: number; path: string }>
    serviceConfiguredEndpoint?: () => Promise<string | undefined>
  }
  if (config.endpoint) {
    const e = await config.endpoint()
    return `${e.protocol}//${e.hostname}${e.port ? `:${e.port}` : ''}${e.path}`
  }
  return (await config.serviceConfiguredEndpoint?.()) || undefined
}

/**
 * With `process.env` the SDK resolves the endpoint itself. An injected environment is
 * invisible to it, so its endpoint variables are applied here, in the SDK's order.
 */
function injectedEndpoint(service: AwsService, env: NodeJS.ProcessEnv | undefined): string | undefined {
  if (!env || env === process.env) return undefined
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined
  return env[`AWS_ENDPOINT_URL_${SERVICES[service].envId}`] || env.AWS_ENDPOINT_URL || undefined
}

/** `secrets/<version>` from our package.json, read when a client is built (never at start-up). */
function userAgent(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string
        version?: string
      }
      if (pkg.name === 'secrets' && pkg.version) return `secrets/${pkg.version}`
    } catch {
      /* not here: look one level up */
    }
    dir = dirname(dir)
  }
  return 'secrets'
}
