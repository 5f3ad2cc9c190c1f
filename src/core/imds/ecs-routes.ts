import {
  awsTimestamp,
  errorResponse,
  jsonResponse,
  type MetadataRequest,
  type MetadataResponse,
  type VendedCredentials,
} from './metadata-response.js'
import { secretEquals } from './metadata-token.js'
import type { InstanceInfo } from './instance-info.js'

/** The path of the ECS credentials endpoint (the full URI the child gets). */
export const ECS_CREDENTIALS_PATH = '/credentials'

export interface EcsSnapshot {
  instance: Pick<InstanceInfo, 'accountId' | 'roleArn'>
  credentials: VendedCredentials
}

/**
 * Decides the ECS container-credentials answer: the bearer token first (so an unauthorised
 * caller learns nothing, not even which paths exist), then the one credentials path.
 */
export function routeEcs(req: MetadataRequest, compiled: CompiledEcs, token: string): MetadataResponse {
  if (!secretEquals(req.headers.authorization, token))
    return errorResponse(401, 'Unauthorized', 'Missing or wrong Authorization token.')
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return errorResponse(405, 'MethodNotAllowed', `${req.method} is not allowed.`)
  if (req.path !== ECS_CREDENTIALS_PATH)
    return errorResponse(404, 'NotFound', `No credentials at ${req.path}.`)
  return compiled.response
}

/** The credentials answer of one snapshot, rendered once. */
export interface CompiledEcs {
  readonly response: MetadataResponse
}

/** Renders the ECS credentials JSON for a snapshot. */
export function compileEcs(snapshot: EcsSnapshot): CompiledEcs {
  const c = snapshot.credentials
  return {
    response: jsonResponse({
      AccessKeyId: c.accessKeyId,
      SecretAccessKey: c.secretAccessKey,
      Token: c.sessionToken,
      Expiration: awsTimestamp(c.expiration),
      RoleArn: snapshot.instance.roleArn,
      AccountId: snapshot.instance.accountId,
    }),
  }
}
