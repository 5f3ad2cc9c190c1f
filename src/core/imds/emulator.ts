import { createSecretKey, randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { AwsContext } from '../../shared/aws-config.js'
import { toRemoteError } from '../../shared/aws-errors.js'
import { AuthError, UsageError, errorName } from '../../shared/errors.js'
import type { HumanOutput } from '../../shared/human-output.js'
import { loginHintFor, resolveAwsContext } from '../identity/index.js'
import type { Keychain } from '../keychain/index.js'
import { createCredentialVendor, type SourceCredentials, type StsPort } from './credential-vendor.js'
import { lazySignedIdentity } from './dev-ca.js'
import { ECS_CREDENTIALS_PATH, compileEcs, routeEcs } from './ecs-routes.js'
import { compileImds, identityDocument, routeImds, type SignedIdentity } from './imds-routes.js'
import { applyInstanceOverrides, type LifecycleState } from './catalogue.js'
import { startControl } from './control.js'
import { Lifecycle, type SimulationRequest } from './lifecycle.js'
import { loadImdsConfigFile, mergeImdsConfig, readUserData, type ImdsConfig } from '../config/index.js'
import type { VendedCredentials } from './metadata-response.js'
import { buildInstanceInfo } from './instance-info.js'
import { createTokenIssuer } from './metadata-token.js'
import { startMetadataServer, type ServerLifecycle } from './metadata-server.js'
import { peerOwnerGuard, servedUids, type PeerOwnerGuard } from './peer-owner.js'
import { resolveRegion, stsPortFor } from './sts-client.js'
import type { RequestLogEntry } from './request-log.js'

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
  /** The `.secretsrc.json` `imds` section (already validated). */
  instanceConfig?: ImdsConfig
  /** `--config FILE`: the same keys, layered over instanceConfig. */
  configFile?: string
  /** `--user-data FILE`, over the config's `userData`. */
  userDataFile?: string
  /** Simulations scheduled at start (`--spot-interruption 5s` etc.). */
  simulations?: SimulationRequest[]
  /** The AssumeRole session name; default `secrets-<user>`. */
  sessionName?: string
  /**
   * The declared needs as an STS session policy for the resolved region (needs `roleArn`);
   * it may throw (too large) before any STS call.
   */
  sessionPolicy?: (region: string) => string
}

export interface EmulatorDeps {
  env: NodeJS.ProcessEnv
  keychain: () => Keychain
  now?: () => Date
  /** Replaces the STS calls (tests); production uses SDK v3 clients. */
  sts?: StsPort
  /** Warned (with a message safe to show) when a background credential refresh fails. */
  out?: HumanOutput
  /** Told of each answered request (`secrets imds --verbose`; see request-log.ts). */
  onRequest?: (entry: RequestLogEntry) => void
}

/** The running emulator: endpoints, the ECS bearer token, and one close() for everything. */
export interface Emulator {
  imds?: {
    url: string
    host: string
    port: number
    /** The trigger socket ('' on Windows). */ control: string
  }
  ecs?: { url: string; host: string; port: number; token: string }
  /** What the credentials are: account, role and expiry, for the foreground banner. */
  identity: { accountId: string; roleArn: string; region: string; expiration: Date }
  close(): Promise<void>
}

/** The identity document's signed forms: answering these needs the development CA. */
/** The signed forms of the identity document, in any API version. */
const SIGNED_PATH = /\/dynamic\/instance-identity\/(?:signature|pkcs7|rsa2048)\/?$/

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
  // The developer's values are read first: a bad file fails before any network call.
  const config = mergeImdsConfig(
    input.instanceConfig,
    input.configFile ? await loadImdsConfigFile(input.configFile) : undefined,
  )
  const userDataFile = input.userDataFile ?? config.userData
  const userData = userDataFile ? await readUserData(userDataFile) : undefined
  const context = await resolveAwsContext(
    {
      ...(input.profile ? { profile: input.profile } : {}),
      ...(input.region ? { region: input.region } : {}),
    },
    { env: deps.env, keychain: deps.keychain },
  )
  const region = await resolveRegion(context)
  const sts = deps.sts ?? stsPortFor(context, region, loginHint)
  // Built and size-checked before the first STS call, reused on every refresh.
  const policy = roleArn ? input.sessionPolicy?.(region) : undefined
  const vendor = createCredentialVendor(
    {
      ...(roleArn ? { roleArn } : {}),
      sessionName: input.sessionName ?? sessionName(deps.env),
      ...(policy ? { policy } : {}),
    },
    {
      source: () => sourceCredentials(context, loginHint),
      sts,
      now,
      // One audit entry per set of credentials minted for the emulator's clients.
      onMinted: () => {
        const op = input.imdsPort === undefined ? 'ecs' : 'imds'
        const aws = { ...(input.profile ? { profile: input.profile } : {}), ...(roleArn ? { roleArn } : {}) }
        void import('../audit/index.js')
          .then(({ appendAudit }) => appendAudit({ op, aws, result: 'ok', exit: 0 }, { env: deps.env }))
          .catch((error: unknown) =>
            deps.out?.warn(`could not append to the audit log: ${(error as Error).message}`),
          )
      },
      onRefreshError: (error) =>
        deps.out?.warn(
          `Refreshing the served credentials failed (${errorName(error) || 'Error'}); retrying in 30 s. ${
            (error as { hint?: string }).hint ?? ''
          }`.trim(),
        ),
    },
  )
  const servers: Pick<ServerLifecycle, 'close'>[] = []
  const close = async () => {
    vendor.close()
    await Promise.all(servers.map((server) => server.close()))
  }
  try {
    const first = await vendor.current()
    const caller = await sts.getCallerIdentity(first)
    const instance = applyInstanceOverrides(
      buildInstanceInfo({
        accountId: caller.account,
        region,
        callerArn: caller.arn,
        ...(roleArn ? { roleArn } : {}),
        seed: `${hostname()}\0${input.profile ?? ''}\0${roleArn ?? ''}`,
        startedAt: now(),
      }),
      config,
    )
    const peerOwner = ownerGuard(input.imdsPort !== undefined, deps)
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
      const lifecycle = new Lifecycle()
      for (const simulation of input.simulations ?? []) lifecycle.schedule(simulation, now())
      // Recompiled when the credentials, the lifecycle state or the signed document change.
      const compileFor = lastOnly(
        (credentials: VendedCredentials, extra: { state: LifecycleState; identity: SignedIdentity }) =>
          compileImds({
            instance,
            identity: extra.identity,
            credentials,
            config,
            lifecycle: extra.state,
            ...(userData ? { userData } : {}),
          }),
      )
      const compile = (credentials: VendedCredentials, key: string, state: LifecycleState) => {
        const identity = signed.current() ?? unsigned
        return compileFor(credentials, `${key}\0${identity === unsigned ? 'unsigned' : 'signed'}`, {
          state,
          identity,
        })
      }
      const server = await startMetadataServer({
        bind,
        port: input.imdsPort,
        label: 'IMDS',
        ...peerOwner,
        ...(deps.onRequest ? { onRequest: deps.onRequest } : {}),
        handle: (req) => {
          const at = now()
          const { key, state } = lifecycle.stateAt(at)
          const route = (credentials: VendedCredentials) => {
            const response = routeImds(req, compile(credentials, key, state), { tokens, now: at, imdsV1 })
            // Only a request that passed the token check and asks for a signed form waits for
            // the CA; the unsigned placeholders are never served.
            if (signed.current() || response.status !== 200 || !SIGNED_PATH.test(req.path)) return response
            return signed
              .load()
              .then(() => routeImds(req, compile(credentials, key, state), { tokens, now: at, imdsV1 }))
          }
          const fresh = vendor.fresh()
          return fresh ? route(fresh) : vendor.current().then(route)
        },
      })
      servers.push(server)
      // Triggers are a convenience: an unusable runtime directory must not stop the server.
      const control = await startControl(server.port, lifecycle, { env: deps.env, now }).catch(
        (error: unknown) => {
          deps.out?.warn(`\`secrets imds trigger\` cannot reach this emulator: ${(error as Error).message}`)
          return { path: '', close: async () => {} }
        },
      )
      servers.push(control)
      result.imds = { url: `${server.url}/`, host: server.host, port: server.port, control: control.path }
    }
    if (input.ecsPort !== undefined) {
      const token = randomBytes(32).toString('base64url')
      const compile = lastOnly((credentials: VendedCredentials) => compileEcs({ instance, credentials }))
      const server = await startMetadataServer({
        bind,
        port: input.ecsPort,
        label: 'ECS',
        ...peerOwner,
        ...(deps.onRequest ? { onRequest: deps.onRequest } : {}),
        handle: (req) => {
          const route = (credentials: VendedCredentials) =>
            routeEcs(req, compile(credentials, '', undefined), token)
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
    // The SDK's chain is imported here, not at the top: the run bundle holds this module too.
    const provider =
      context.credentials ??
      (await import('@aws-sdk/credential-providers')).fromNodeProviderChain(
        context.profile ? { profile: context.profile } : {},
      )
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

/**
 * Memoises a function for its last (object, key) pair: one render per credentials refresh
 * and per lifecycle change; `extra` rides along with the key that identifies it.
 */
function lastOnly<A extends object, E, R>(fn: (arg: A, extra: E) => R): (arg: A, key: string, extra: E) => R {
  let lastArg: A | undefined
  let lastKey: string | undefined
  let lastResult: R | undefined
  return (arg, key, extra) => {
    if (arg !== lastArg || key !== lastKey || lastResult === undefined) {
      lastResult = fn(arg, extra)
      lastArg = arg
      lastKey = key
    }
    return lastResult
  }
}

/** AssumeRole session name: `secrets-<user>`, limited to STS's allowed characters. */
function sessionName(env: NodeJS.ProcessEnv): string {
  const user = (env.USER ?? env.USERNAME ?? 'dev').replace(/[^\w+=,.@-]/g, '-')
  return `secrets-${user}`.slice(0, 64)
}

/**
 * Serves only the emulator's own uid (and the sudo caller's): on Linux each connection's
 * owner is looked up in /proc/net/tcp{,6}, a refusal named once per uid. Elsewhere no table
 * tells the owner, so one warning at start names the risk and the safer endpoint.
 */
function ownerGuard(imds: boolean, deps: EmulatorDeps): { peerOwner?: PeerOwnerGuard } {
  const uid = process.getuid?.()
  const guard =
    uid === undefined
      ? undefined
      : peerOwnerGuard({
          uids: servedUids(deps.env, uid),
          onRefused: (peer) =>
            deps.out?.warn(
              `Refused metadata requests from ${peer === undefined ? 'a local process whose owner could not be found' : `uid ${peer}`}: only your own processes get these credentials.`,
            ),
        })
  if (!guard && imds)
    deps.out?.warn(
      'On this OS the metadata emulator cannot tell which local user connects: any local user can fetch the IMDS credentials while it runs. --ecs (which needs its token) is the safer endpoint.',
    )
  return guard ? { peerOwner: guard } : {}
}
