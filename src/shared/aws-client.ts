import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { IAMClient } from '@aws-sdk/client-iam'
import type { SSMClient } from '@aws-sdk/client-ssm'
import type { SSOClient } from '@aws-sdk/client-sso'
import type { SSOOIDCClient } from '@aws-sdk/client-sso-oidc'
import type { STSClient } from '@aws-sdk/client-sts'
import type { AwsContext } from './aws-config.js'
import { AwsCallTimeout, attachCallFacts } from './aws-errors.js'
import { formatDuration, parseDuration } from './duration.js'
import { UsageError } from './errors.js'
import { terminalHumanOutput, type HumanOutput } from './human-output.js'

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
  /** The bound on one call, retries included; otherwise SECRETS_AWS_TIMEOUT, else the default. */
  boundMs?: number
  /**
   * Where "waiting for SSM at … (gives up in 9s)" goes once a call has waited a second: a
   * progress line, drawn only on a terminal and cleared when the call ends (default: stderr).
   */
  waitNotice?: HumanOutput
}

/** How long a call runs before the human is told what it is waiting for. */
export const WAIT_NOTICE_MS = 1000

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

/** The variable that sets how long one AWS call may take, retries included. */
export const AWS_TIMEOUT_VARIABLE = 'SECRETS_AWS_TIMEOUT'
/** The default bound: `run` then falls back to its cache well within 15 s of a silent endpoint. */
export const DEFAULT_AWS_BOUND_MS = 10_000
const MIN_BOUND_MS = 1_000
const MAX_BOUND_MS = 600_000

/**
 * The bound on one AWS call (every attempt and back-off included) from SECRETS_AWS_TIMEOUT:
 * a duration (`30s`, `1m`) or bare seconds; 1 s to 10 m. The one place this setting is read.
 */
export function awsCallBound(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[AWS_TIMEOUT_VARIABLE]?.trim()
  if (!raw) return DEFAULT_AWS_BOUND_MS
  const ms = /^\d+(\.\d+)?$/.test(raw)
    ? Math.round(Number(raw) * 1000)
    : parseDuration(raw, AWS_TIMEOUT_VARIABLE)
  if (ms < MIN_BOUND_MS || ms > MAX_BOUND_MS) {
    throw new UsageError(`${AWS_TIMEOUT_VARIABLE}=${raw} is outside 1s..10m.`, {
      hint: `Set ${AWS_TIMEOUT_VARIABLE} to a duration such as 30s, or unset it for the default (10s).`,
    })
  }
  return ms
}

/**
 * Per-attempt timeouts under a call's bound: 3 s to connect, half the bound for the answer
 * when there may be a retry (one stalled attempt leaves time for another), the whole bound
 * when there is one attempt, and a timeout that THROWS — without `throwOnRequestTimeout`
 * the SDK only logs a warning and waits forever on a silent peer.
 */
export function awsTimeouts(boundMs: number, maxAttempts = 2) {
  return {
    connectionTimeout: Math.min(3_000, boundMs),
    requestTimeout: maxAttempts > 1 ? Math.max(MIN_BOUND_MS, Math.ceil(boundMs / 2)) : boundMs,
    throwOnRequestTimeout: true,
  }
}

/**
 * The configuration of every client: the context's region, profile and credentials (else
 * the SDK's chains), adaptive retry (client-side rate limiting on throttling) with the
 * caller's attempt count, the per-attempt timeouts above, our user agent, and the endpoint as
 * the SDK resolves it (AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the config file's
 * endpoint_url). The bound on the whole call is enforced on `send` (see `boundSend`).
 */
export function awsClientConfig(service: AwsService, context: AwsContext, options: AwsClientOptions) {
  const endpoint = injectedEndpoint(service, options.env)
  const boundMs = options.boundMs ?? awsCallBound(options.env ?? process.env)
  return {
    ...(context.region ? { region: context.region } : {}),
    ...(context.profile ? { profile: context.profile } : {}),
    ...(context.credentials ? { credentials: context.credentials } : {}),
    ...(endpoint ? { endpoint } : {}),
    retryMode: 'adaptive' as const,
    maxAttempts: options.maxAttempts,
    requestHandler: awsTimeouts(boundMs, options.maxAttempts),
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
    (built ??= entry.load().then((sdk) => {
      const boundMs = options.boundMs ?? awsCallBound(options.env ?? process.env)
      const client = entry.build(sdk, awsClientConfig(service, context, { ...options, boundMs }))
      boundSend(client, service, boundMs, options.waitNotice)
      return { sdk, client }
    }))
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

/** The part of an SDK client `boundSend` touches. */
interface SendingClient {
  send: (command: never, options?: never) => Promise<unknown>
  middlewareStack: {
    add: (
      middleware: never,
      options: { step: 'build' | 'finalizeRequest'; name: string; priority?: 'low' },
    ) => void
  }
}

type Next = (args: { request: unknown }) => Promise<unknown>

/**
 * Bounds every call of this client: a deadline over all attempts and back-offs that aborts
 * the request (releasing its socket) and fails, whatever the SDK is waiting on (a silent
 * socket, a dripping body, a back-off, a credential provider): with the last attempt's own
 * error when there was one (reset, throttled, 5xx: it says what happened), else with
 * `AwsCallTimeout`. Errors leave with the endpoint they were for, so messages can name it.
 */
function boundSend(client: object, service: AwsService, boundMs: number, wait?: HumanOutput): void {
  const target = client as unknown as SendingClient
  let human = wait
  let endpoint: string | undefined
  // Records where requests actually go (after endpoint resolution) for error messages.
  const recordEndpoint = (next: Next) => (args: { request: unknown }) => {
    const r = args.request as { protocol?: string; hostname?: string; port?: number }
    if (r?.hostname) endpoint = `${r.protocol ?? 'https:'}//${r.hostname}${r.port ? `:${r.port}` : ''}`
    return next(args)
  }
  target.middlewareStack.add(recordEndpoint as never, { step: 'build', name: 'secretsRecordEndpoint' })
  // Inside the retry middleware (finalizeRequest, low priority): sees each attempt's failure,
  // keyed by the call's own abort signal (which the SDK puts in the handler context).
  const failures = new WeakMap<AbortSignal, unknown>()
  const recordFailure =
    (next: Next, context: { __smithy_context?: { abortSignal?: AbortSignal } }) =>
    async (args: { request: unknown }) => {
      try {
        return await next(args)
      } catch (error) {
        const signal = context.__smithy_context?.abortSignal
        if (signal && !signal.aborted) failures.set(signal, error)
        throw error
      }
    }
  target.middlewareStack.add(recordFailure as never, {
    step: 'finalizeRequest',
    priority: 'low',
    name: 'secretsRecordFailure',
  })
  const send = target.send.bind(client) as (
    command: unknown,
    options?: { abortSignal?: AbortSignal },
  ) => Promise<unknown>
  const bounded = async (command: unknown, options: { abortSignal?: AbortSignal } = {}) => {
    const controller = new AbortController()
    const signal = options.abortSignal
      ? AbortSignal.any([controller.signal, options.abortSignal])
      : controller.signal
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const timeout = new AwsCallTimeout(service.toUpperCase(), boundMs)
        const last = failures.get(signal)
        controller.abort(timeout)
        reject(last ?? timeout)
      }, boundMs)
    })
    // After a second, say what is awaited and until when (a terminal only; cleared after).
    const started = Date.now()
    let waiting = false
    const notice = setTimeout(() => {
      human ??= terminalHumanOutput()
      waiting = true
      const left = formatDuration(boundMs - (Date.now() - started))
      human.progress(
        `waiting for ${service.toUpperCase()} at ${endpoint ?? 'its endpoint'} (gives up in ${left}; SECRETS_AWS_TIMEOUT sets it)`,
      )
    }, WAIT_NOTICE_MS)
    notice.unref()
    try {
      return await Promise.race([send(command, { ...options, abortSignal: signal }), deadline])
    } catch (error) {
      attachCallFacts(error, { endpoint: endpoint ?? `the ${service.toUpperCase()} endpoint`, boundMs })
      throw error
    } finally {
      clearTimeout(timer)
      clearTimeout(notice)
      if (waiting) human?.endProgress()
    }
  }
  target.send = bounded as SendingClient['send']
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
      if (pkg.name === '@secrets-cli/secrets' && pkg.version) return `secrets/${pkg.version}`
    } catch {
      /* not here: look one level up */
    }
    dir = dirname(dir)
  }
  return 'secrets'
}
