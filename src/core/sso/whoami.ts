import { withAwsClient } from '../../shared/aws-client.js'
import { toRemoteError } from '../../shared/aws-errors.js'
import { loadSsoProfile } from './sso-profile.js'
import { chooseRole, sessionCredentials, type CredentialsInput } from './role-credentials.js'
import { loadSession } from './session-store.js'
import type { SsoDeps } from './sso-deps.js'

/** Who the session's role credentials are, per STS; no secret fields. */
export interface WhoamiResult {
  account: string
  arn: string
  userId: string
  profile: string
  ssoSession: string
  startUrl: string
  accountId: string
  roleName: string
  sessionExpiresAt: string | null
  credentialsExpireAt: string
}

/** STS GetCallerIdentity with given credentials (a port: tests may pass a fake). */
export type CallerIdentity = (
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  region: string,
) => Promise<{ account: string; arn: string; userId: string }>

/** STS GetCallerIdentity with given credentials (a client from the factory). */
export function stsCallerIdentity(env: NodeJS.ProcessEnv): CallerIdentity {
  return (credentials, region) => {
    const context = {
      region,
      credentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
      },
    }
    return withAwsClient('sts', context, { maxAttempts: 3, env }, async (sdk, client) => {
      const out = await client.send(new sdk.GetCallerIdentityCommand({}))
      return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' }
    })
  }
}

/** `whoami`: the caller identity of the profile's role credentials plus session facts. */
export async function whoami(
  input: CredentialsInput,
  deps: SsoDeps & { callerIdentity?: CallerIdentity },
): Promise<WhoamiResult> {
  const sso = await loadSsoProfile(input, deps.env)
  const role = await chooseRole(sso, input, deps, `secrets whoami --profile ${sso.profile}`)
  const creds = await sessionCredentials(sso, role, deps)
  const session = await loadSession(deps.keychain(), sso.sessionName)
  const caller = deps.callerIdentity ?? stsCallerIdentity(deps.env)
  let identity
  try {
    identity = await caller(creds.credentials, sso.region ?? sso.ssoRegion)
  } catch (error) {
    throw toRemoteError(error, 'calling STS GetCallerIdentity', `run \`${sso.loginCommand}\``)
  }
  return {
    ...identity,
    profile: sso.profile,
    ssoSession: sso.sessionName,
    startUrl: sso.startUrl,
    accountId: role.accountId,
    roleName: role.roleName,
    sessionExpiresAt: session?.tokens?.expiresAt ?? null,
    credentialsExpireAt: creds.credentials.expiration,
  }
}
