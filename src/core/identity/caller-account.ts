import { toRemoteError } from '../../shared/aws-errors.js'
import { stsCallerIdentity } from '../sso/index.js'
import { readProfileSettings, regionFor } from './aws-profile.js'
import { contextCredentials } from './context-credentials.js'
import {
  loginHintFor,
  resolveAwsContext,
  type ResolveAwsContextInput,
  type ResolveAwsContextDeps,
} from './index.js'

/**
 * The AWS account a profile (or the default chain) acts in, per STS GetCallerIdentity: what a
 * command names before it deletes from, or writes to, the team store.
 */
export async function callerAccount(
  input: ResolveAwsContextInput,
  deps: ResolveAwsContextDeps,
): Promise<string> {
  const context = await resolveAwsContext(input, deps)
  const hint = loginHintFor(input.profile)
  const credentials = await contextCredentials(context, 'finding the AWS account', hint, deps.env)
  const settings = input.profile ? await readProfileSettings(deps.env, input.profile) : undefined
  const region = input.region ?? regionFor(deps.env, settings)
  try {
    return (await stsCallerIdentity(deps.env)(credentials, region)).account
  } catch (error) {
    throw toRemoteError(error, 'calling STS GetCallerIdentity', hint)
  }
}
