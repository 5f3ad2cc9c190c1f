import { awsEnvFor, readAwsConfig, type AwsEnv } from '../sso/index.js'
import { contextCredentials } from './context-credentials.js'
import {
  loginHintFor,
  resolveAwsContext,
  type ResolveAwsContextDeps,
  type ResolveAwsContextInput,
} from './index.js'

/**
 * The environment that gives a child process the caller's AWS identity (`run --aws-env`):
 * the same credentials `secrets` itself would use for the profile (SSO role credentials, a
 * stored key's STS session, or the SDK's default chain), their expiry and the region, with
 * AWS_PROFILE and friends removed so no SDK mixes identities.
 */
export async function childAwsEnv(
  input: ResolveAwsContextInput,
  deps: ResolveAwsContextDeps,
): Promise<AwsEnv> {
  const context = await resolveAwsContext(input, deps)
  const credentials = await contextCredentials(
    context,
    'getting AWS credentials for the child',
    loginHintFor(input.profile),
  )
  const profileRegion = input.profile
    ? (await readAwsConfig(deps.env)).profiles[input.profile]?.region
    : undefined
  const region = input.region ?? deps.env.AWS_REGION ?? deps.env.AWS_DEFAULT_REGION ?? profileRegion
  return awsEnvFor(credentials, region)
}
