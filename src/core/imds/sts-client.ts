import { lazyAwsClient, withAwsClient } from '../../shared/aws-client.js'
import type { AwsContext } from '../../shared/aws-config.js'
import { toRemoteError } from '../../shared/aws-errors.js'
import type { SourceCredentials, StsPort } from './credential-vendor.js'

/** The production STS port: SDK v3 clients in the context's region and endpoint. */
export function stsPortFor(context: AwsContext, region: string, loginHint: string): StsPort {
  const sts = <T>(
    credentials: SourceCredentials,
    fn: (
      sdk: typeof import('@aws-sdk/client-sts'),
      client: import('@aws-sdk/client-sts').STSClient,
    ) => Promise<T>,
  ) => withAwsClient('sts', { ...context, region, credentials }, { maxAttempts: 3 }, fn)
  return {
    getSessionToken: async (source, durationSeconds) => {
      try {
        const out = await sts(source, (sdk, client) =>
          client.send(new sdk.GetSessionTokenCommand({ DurationSeconds: durationSeconds })),
        )
        return fromSts(out.Credentials)
      } catch (error) {
        throw toRemoteError(error, 'minting temporary credentials (STS GetSessionToken)', loginHint)
      }
    },
    assumeRole: async (source, roleArn, sessionName, durationSeconds, policy) => {
      try {
        const out = await sts(source, (sdk, client) =>
          client.send(
            new sdk.AssumeRoleCommand({
              RoleArn: roleArn,
              RoleSessionName: sessionName,
              DurationSeconds: durationSeconds,
              ...(policy ? { Policy: policy } : {}),
            }),
          ),
        )
        return fromSts(out.Credentials)
      } catch (error) {
        throw toRemoteError(error, `assuming ${roleArn} (STS AssumeRole)`, loginHint)
      }
    },
    getCallerIdentity: async (credentials) => {
      try {
        const out = await sts(credentials, (sdk, client) => client.send(new sdk.GetCallerIdentityCommand({})))
        return { account: out.Account ?? '', arn: out.Arn ?? '' }
      } catch (error) {
        throw toRemoteError(error, 'reading the caller identity (STS GetCallerIdentity)', loginHint)
      }
    },
  }
}

/** Resolves the region the SDK would use for this context; us-east-1 when none is set. */
export async function resolveRegion(context: AwsContext): Promise<string> {
  if (context.region) return context.region
  try {
    const { client } = await lazyAwsClient('sts', context, { maxAttempts: 5 })()
    const region = await client.config.region()
    client.destroy()
    if (region) return region
  } catch {
    /* no region anywhere: fall through to the SDK's own global default for STS */
  }
  return 'us-east-1'
}

function fromSts(
  credentials:
    { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined,
): SourceCredentials {
  return {
    accessKeyId: credentials?.AccessKeyId ?? '',
    secretAccessKey: credentials?.SecretAccessKey ?? '',
    ...(credentials?.SessionToken ? { sessionToken: credentials.SessionToken } : {}),
    ...(credentials?.Expiration ? { expiration: credentials.Expiration } : {}),
  }
}
