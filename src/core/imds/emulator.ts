import { createSecretKey, randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { fromNodeProviderChain } from '@aws-sdk/credential-providers'
import type { AwsContext } from '../../shared/aws-config.js'
import { toRemoteError } from '../../shared/aws-errors.js'
import { AuthError, UsageError, errorName } from '../../shared/errors.js'
import type { HumanOutput } from '../../shared/human-output.js'
import { loginHintFor, resolveAwsContext } from '../identity/index.js'
import type { Keychain } from '../keychain/index.js'
import { createCredentialVendor, type SourceCredentials, type StsPort } from './credential-vendor.js'
import { lazySignedIdentity } from './dev-ca.js'
import { ECS_CREDENTIALS_PATH, compileEcs, routeEcs } from './ecs-routes.js'
import {
  compileImds,
  identityDocument,
  routeImds,
  type CompiledImds,
  type SignedIdentity,
} from './imds-routes.js'
import type { VendedCredentials } from './metadata-response.js'
import { buildInstanceInfo } from './instance-info.js'
import { createTokenIssuer } from './metadata-token.js'
import { startMetadataServer, type ServerLifecycle } from './metadata-server.js'
import { resolveRegion, stsPortFor } from './sts-client.js'

export interface EmulatorInput {
  /** Port for the EC2 IMDS server; undefined → no IMDS server. 0 → any free port. */
  imdsPort?: number
  /** Port for the ECS credentials server; undefined → no ECS server. */
  ecsPort?: number
  /** Address to listen on; 127.0.0.1 unless the user opts into another (e.g. 169.254.169.254). */
  bind?: string
  profile?: string
  roleArn?: string
  region?: string
  /** Serve IMDSv1 (no token) requests too. */
  imdsV1?: boolean
}

export interface EmulatorDeps {
  env: NodeJS.ProcessEnv
  keychain: () => Keychain
  now?: () => Date
  /** Replaces the STS calls (tests); production uses SDK v3 clients. */
  sts?: StsPort
  /** Warned (with a message safe to show) when a background credential refresh fails. */
  out?: HumanOutput
}

/** The running emulator: endpoints, the ECS bearer token, and one close() for everything. */
export interface Emulator {
  imds?: { url: string; host: string; port: number }
  ecs?: { url: string; host: string; port: number; token: string }
  /** What the credentials are: account, role and expiry, for the foreground banner. */
  identity: { accountId: string; roleArn: string; region: string; expiration: Date }
  close(): Promise<void>
}

/** The identity document's signed forms: answering these needs the development CA. */
const SIGNED_PATHS = ['signature', 'pkcs7', 'rsa2048'].map((n) => `/latest/dynamic/instance-identity/${n}`)

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/

/** Checks `--role-arn` before any network call. */
export function parseRoleArn(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  if (!ROLE_ARN.test(value))
    throw new UsageError(`--role-arn ${value} is not an IAM role ARN.`, {
      hint: 'Use the form arn:aws:iam::123456789012:role/NAME.',
      code: 'BadRoleArn',
    })
  return value
}

/**
 * Starts the metadata emulator: resolves the source identity, pre-fetches temporary
 * credentials (IMDS clients give up after about a second, so the first answer must not wait
 * on STS), then listens. The identity document is signed on its first request (the CA is a
 * keychain item; serving credentials needs no keychain). Everything is closed by close(),
 * also when a later step fails.
 */
export async function startEmulator(input: EmulatorInput, deps: EmulatorDeps): Promise<Emulator> {
  const now = deps.now ?? (() => new Date())
  const roleArn = parseRoleArn(input.roleArn)
  const bind = input.bind ?? '127.0.0.1'
  const loginHint = loginHintFor(input.profile)
  const context = await resolveAwsContext(
    {
      ...(input.profile ? { profile: input.profile } : {}),
      ...(input.region ? { region: input.region } : {}),
    },
    { env: deps.env, keychain: deps.keychain },
  )
  const region = await resolveRegion(context)
  const sts = deps.sts ?? stsPortFor(context, region, loginHint)
  const vendor = createCredentialVendor(
    { ...(roleArn ? { roleArn } : {}), sessionName: sessionName(deps.env) },
    {
      source: () => sourceCredentials(context, loginHint),
      sts,
      now,
      onRefreshError: (error) =>
        deps.out?.warn(
          `Refreshing the served credentials failed (${errorName(error) || 'Error'}); retrying in 30 s. ${
            (error as { hint?: string }).hint ?? ''
          }`.trim(),
        ),
    },
  )
  const servers: ServerLifecycle[] = []
  const close = async () => {
    vendor.close()
    await Promise.all(servers.map((server) => server.close()))
  }
  try {
    const first = await vendor.current()
    const caller = await sts.getCallerIdentity(first)
    const instance = buildInstanceInfo({
      accountId: caller.account,
      region,
      callerArn: caller.arn,
      ...(roleArn ? { roleArn } : {}),
      seed: `${hostname()}\0${input.profile ?? ''}\0${roleArn ?? ''}`,
      startedAt: now(),
    })
    const result: Emulator = {
      identity: {
        accountId: instance.accountId,
        roleArn: instance.roleArn,
        region,
        expiration: first.expiration,
      },
      close,
    }
    if (input.imdsPort !== undefined) {
      // The signed forms of the identity document need the development CA (a keychain item):
      // signed when first asked for, never at start-up (see lazySignedIdentity).
      const document = identityDocument(instance)
      const signed = lazySignedIdentity(document, {
        keychain: deps.keychain,
        now,
        ...(deps.out ? { out: deps.out } : {}),
      })
      const unsigned: SignedIdentity = { document, signature: '', pkcs7: '', rsa2048: '' }
      // Imported once as a KeyObject: HMAC with it is about twice as fast as with raw bytes.
      const tokens = createTokenIssuer(createSecretKey(randomBytes(32)))
      const imdsV1 = input.imdsV1 ?? false
      let memo:
        { credentials: VendedCredentials; identity: SignedIdentity; compiled: CompiledImds } | undefined
      const compile = (credentials: VendedCredentials): CompiledImds => {
        const identity = signed.current() ?? unsigned
        if (memo?.credentials !== credentials || memo.identity !== identity)
          memo = { credentials, identity, compiled: compileImds({ instance, identity, credentials }) }
        return memo.compiled
      }
      const server = await startMetadataServer({
        bind,
        port: input.imdsPort,
        label: 'IMDS',
        handle: (req) => {
          const route = (credentials: VendedCredentials) => {
            const compiled = compile(credentials)
            const response = routeImds(req, compiled, { tokens, now: now(), imdsV1 })
            // Only a request that passed the token check and asks for a signed form waits for
            // the CA; the unsigned placeholders are never served.
            if (signed.current() || !SIGNED_PATHS.some((p) => compiled.answers.get(p) === response))
              return response
            return signed
              .load()
              .then(() => routeImds(req, compile(credentials), { tokens, now: now(), imdsV1 }))
          }
          const fresh = vendor.fresh()
          return fresh ? route(fresh) : vendor.current().then(route)
        },
      })
      servers.push(server)
      result.imds = { url: `${server.url}/`, host: server.host, port: server.port }
    }
    if (input.ecsPort !== undefined) {
      const token = randomBytes(32).toString('base64url')
      const compile = lastOnly((credentials: VendedCredentials) => compileEcs({ instance, credentials }))
      const server = await startMetadataServer({
        bind,
        port: input.ecsPort,
        label: 'ECS',
        handle: (req) => {
          const route = (credentials: VendedCredentials) => routeEcs(req, compile(credentials), token)
          const fresh = vendor.fresh()
          return fresh ? route(fresh) : vendor.current().then(route)
        },
      })
      servers.push(server)
      result.ecs = {
        url: `${server.url}${ECS_CREDENTIALS_PATH}`,
        host: server.host,
        port: server.port,
        token,
      }
    }
    return result
  } catch (error) {
    await close()
    throw error
  }
}

/** Resolves the source identity: the context's provider, else the SDK's default chain. */
async function sourceCredentials(context: AwsContext, loginHint: string): Promise<SourceCredentials> {
  try {
    const provider =
      context.credentials ?? fromNodeProviderChain(context.profile ? { profile: context.profile } : {})
    const creds = typeof provider === 'function' ? await provider() : provider
    return {
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      ...(creds.sessionToken ? { sessionToken: creds.sessionToken } : {}),
      ...(creds.expiration ? { expiration: creds.expiration } : {}),
    }
  } catch (error) {
    if (errorName(error) === 'CredentialsProviderError')
      throw new AuthError('No AWS credentials to serve: the source identity could not be resolved.', {
        hint: `${loginHint}; without --profile the AWS SDK's default chain is used (env keys, AWS_PROFILE, ...)`,
        cause: error,
        code: 'NoSourceCredentials',
      })
    throw toRemoteError(error, 'resolving the source AWS credentials', loginHint)
  }
}

/** Memoises a function of one object argument for its last argument (one render per refresh). */
function lastOnly<A extends object, R>(fn: (arg: A) => R): (arg: A) => R {
  let lastArg: A | undefined
  let lastResult: R | undefined
  return (arg) => {
    if (arg !== lastArg || lastResult === undefined) {
      lastResult = fn(arg)
      lastArg = arg
    }
    return lastResult
  }
}

/** AssumeRole session name: `secrets-<user>`, limited to STS's allowed characters. */
function sessionName(env: NodeJS.ProcessEnv): string {
  const user = (env.USER ?? env.USERNAME ?? 'dev').replace(/[^\w+=,.@-]/g, '-')
  return `secrets-${user}`.slice(0, 64)
}
