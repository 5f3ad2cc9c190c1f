import {
  awsTimestamp,
  errorResponse,
  jsonResponse,
  textResponse,
  type MetadataRequest,
  type MetadataResponse,
  type VendedCredentials,
} from './metadata-response.js'
import { parseTokenTtl, type TokenIssuer } from './metadata-token.js'
import type { InstanceInfo } from './instance-info.js'

/** The signed instance identity: the document and its three signatures, as EC2 serves them. */
export interface SignedIdentity {
  document: string
  signature: string
  pkcs7: string
  rsa2048: string
}

/** Everything one IMDS answer may need, fetched (and kept fresh) by the server. */
export interface ImdsSnapshot {
  instance: InstanceInfo
  credentials: VendedCredentials
  identity: SignedIdentity
}

export interface ImdsPolicy {
  /** Issues and checks session tokens with the per-process key. */
  tokens: TokenIssuer
  now: Date
  /** Accept requests without a token (IMDSv1). Invalid tokens are refused even then. */
  imdsV1: boolean
}

export const TOKEN_PATH = '/latest/api/token'
const TOKEN_HEADER = 'x-aws-ec2-metadata-token'
const TTL_HEADER = 'x-aws-ec2-metadata-token-ttl-seconds'

/** A leaf whose answer is rendered once per snapshot (JSON documents). */
class Rendered {
  constructor(readonly response: MetadataResponse) {}
}
type Node = string | Rendered | Tree
interface Tree {
  [name: string]: Node
}

/** The metadata tree of one snapshot, rendered once; rebuilt when the credentials change. */
export interface CompiledImds {
  /** Every normalised path (`/latest/meta-data`, no trailing slash) → its rendered answer. */
  readonly answers: ReadonlyMap<string, MetadataResponse>
}

/** Renders a snapshot's whole metadata tree, so each request is one map lookup. */
export function compileImds(snapshot: ImdsSnapshot): CompiledImds {
  const answers = new Map<string, MetadataResponse>()
  const visit = (node: Node, path: string) => {
    if (typeof node === 'string') answers.set(path, textResponse(node))
    else if (node instanceof Rendered) answers.set(path, node.response)
    else {
      answers.set(path || '/', textResponse(listing(node)))
      for (const [name, child] of Object.entries(node)) visit(child, `${path}/${name}`)
    }
  }
  visit(metadataTree(snapshot), '')
  return { answers }
}

/**
 * Decides the IMDSv2 answer to one request, exactly as EC2 does: the token PUT with its
 * TTL rules and X-Forwarded-For refusal, the token check, then the metadata tree.
 */
export function routeImds(
  req: MetadataRequest,
  compiled: CompiledImds,
  policy: ImdsPolicy,
): MetadataResponse {
  const path = normalisePath(req.path)
  if (path === TOKEN_PATH) return routeToken(req, policy)
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return errorResponse(405, 'MethodNotAllowed', `${req.method} is not allowed on ${path}.`)
  const token = req.headers[TOKEN_HEADER]
  if (token !== undefined || !policy.imdsV1) {
    // A token that is present but invalid is refused even when IMDSv1 is allowed, as on EC2.
    if (!policy.tokens.verify(token, policy.now))
      return errorResponse(
        401,
        'Unauthorized',
        token === undefined
          ? 'IMDSv2 requires a session token: PUT /latest/api/token first.'
          : 'The session token is invalid or expired.',
      )
  }
  return compiled.answers.get(path) ?? errorResponse(404, 'NotFound', `No metadata at ${path}.`)
}

function routeToken(req: MetadataRequest, policy: ImdsPolicy): MetadataResponse {
  if (req.method !== 'PUT') return errorResponse(405, 'MethodNotAllowed', 'Use PUT to get a session token.')
  // EC2 refuses token requests that went through a proxy, so a token never leaves the host.
  if (req.headers['x-forwarded-for'] !== undefined)
    return errorResponse(403, 'Forbidden', 'Token requests must not carry X-Forwarded-For.')
  const ttl = parseTokenTtl(req.headers[TTL_HEADER])
  if (ttl === undefined)
    return errorResponse(
      400,
      'BadRequest',
      'X-aws-ec2-metadata-token-ttl-seconds must be an integer from 1 to 21600.',
    )
  return textResponse(policy.tokens.issue(ttl, policy.now), 200, { [TTL_HEADER]: String(ttl) })
}

/** Collapses duplicate slashes and keeps a trailing slash meaningless, as EC2 does. */
function normalisePath(path: string): string {
  const collapsed = path.includes('//') ? path.replace(/\/{2,}/g, '/') : path
  return collapsed.length > 1 && collapsed.endsWith('/') ? collapsed.slice(0, -1) : collapsed
}

/** A directory listing: one entry a line, sub-directories with a trailing slash. */
function listing(tree: Tree): string {
  return Object.entries(tree)
    .map(([name, node]) => (typeof node === 'object' && !(node instanceof Rendered) ? `${name}/` : name))
    .join('\n')
}

function metadataTree(snapshot: ImdsSnapshot): Tree {
  const { instance: i, credentials: c, identity } = snapshot
  const credentials = (extended: boolean) =>
    new Rendered(
      jsonResponse({
        Code: 'Success',
        LastUpdated: awsTimestamp(c.lastUpdated),
        Type: 'AWS-HMAC',
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        Token: c.sessionToken,
        Expiration: awsTimestamp(c.expiration),
        ...(extended ? { AccountId: i.accountId } : {}),
      }),
    )
  return {
    latest: {
      dynamic: {
        'instance-identity': {
          document: identity.document,
          pkcs7: identity.pkcs7,
          rsa2048: identity.rsa2048,
          signature: identity.signature,
        },
      },
      'meta-data': {
        'ami-id': i.amiId,
        hostname: i.hostname,
        iam: {
          info: new Rendered(
            jsonResponse({
              Code: 'Success',
              LastUpdated: awsTimestamp(c.lastUpdated),
              InstanceProfileArn: i.instanceProfileArn,
              InstanceProfileId: i.instanceProfileId,
            }),
          ),
          'security-credentials': { [i.roleName]: credentials(false) },
          'security-credentials-extended': { [i.roleName]: credentials(true) },
        },
        'instance-id': i.instanceId,
        'instance-type': i.instanceType,
        'local-hostname': i.hostname,
        'local-ipv4': i.localIpv4,
        mac: i.mac,
        placement: { 'availability-zone': i.availabilityZone, region: i.region },
      },
    },
  }
}

/** Returns the instance identity document, formatted like EC2's (pretty JSON). */
export function identityDocument(instance: InstanceInfo): string {
  return JSON.stringify(
    {
      accountId: instance.accountId,
      architecture: 'x86_64',
      availabilityZone: instance.availabilityZone,
      billingProducts: null,
      devpayProductCodes: null,
      marketplaceProductCodes: null,
      imageId: instance.amiId,
      instanceId: instance.instanceId,
      instanceType: instance.instanceType,
      kernelId: null,
      pendingTime: awsTimestamp(instance.pendingTime),
      privateIp: instance.localIpv4,
      ramdiskId: null,
      region: instance.region,
      version: '2017-09-30',
    },
    null,
    2,
  )
}
