import {
  awsTimestamp,
  bytesResponse,
  errorResponse,
  textResponse,
  type MetadataRequest,
  type MetadataResponse,
} from './metadata-response.js'
import { parseTokenTtl, type TokenIssuer } from './metadata-token.js'
import type { InstanceInfo } from './instance-info.js'
import {
  LISTING,
  Rendered,
  VERSIONS,
  isTree,
  metadataTree,
  sinceVersion,
  type ImdsSnapshot,
  type Leaf,
  type Node,
  type Tree,
} from './catalogue.js'

export type { ImdsSnapshot, SignedIdentity } from './catalogue.js'

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

/** The metadata tree of one snapshot, rendered once; rebuilt when credentials or lifecycle change. */
export interface CompiledImds {
  /** The answers of one version's paths (`/latest/meta-data`, no trailing slash); undefined: no such version. */
  answersFor(version: string): ReadonlyMap<string, MetadataResponse> | undefined
  /** The root listing. */
  readonly root: MetadataResponse
}

/**
 * Renders a snapshot's whole metadata tree, so each request is one map lookup. `latest` is
 * rendered at once; a dated version on its first request (its tree filtered by SINCE).
 */
export function compileImds(snapshot: ImdsSnapshot): CompiledImds {
  const latest = metadataTree(snapshot)
  const rendered = new Map<Node, MetadataResponse>()
  const leaf = (node: Leaf): MetadataResponse => {
    if (typeof node === 'string') return textResponse(node)
    let response = rendered.get(node)
    if (!response) {
      response = node instanceof Rendered ? node.response : bytesResponse(node)
      rendered.set(node, response)
    }
    return response
  }
  const render = (version: string, tree: Tree): Map<string, MetadataResponse> => {
    const answers = new Map<string, MetadataResponse>()
    const visit = (node: Node, path: string) => {
      if (!isTree(node)) answers.set(path, leaf(node))
      else {
        answers.set(path, textResponse(node[LISTING] ?? listing(node)))
        for (const [name, child] of Object.entries(node)) visit(child, `${path}/${name}`)
      }
    }
    visit(tree, `/${version}`)
    return answers
  }
  const versions = new Map<string, Map<string, MetadataResponse>>([['latest', render('latest', latest)]])
  const known = new Set<string>(VERSIONS)
  return {
    root: textResponse([...VERSIONS, 'latest'].join('\n')),
    answersFor: (version) => {
      let answers = versions.get(version)
      if (!answers && known.has(version)) {
        answers = render(version, filterTree(latest, version, ''))
        versions.set(version, answers)
      }
      return answers
    },
  }
}

/** The part of the tree that existed in `version`; directories left empty are dropped. */
function filterTree(tree: Tree, version: string, at: string): Tree {
  const out: Tree = {}
  for (const [name, node] of Object.entries(tree)) {
    const path = at ? `${at}/${name}` : name
    if (sinceVersion(path) > version) continue
    if (!isTree(node)) out[name] = node
    else {
      const child = filterTree(node, version, path)
      if (Object.keys(child).length > 0 || Object.keys(node).length === 0) out[name] = child
    }
  }
  if (!at) out[LISTING] = Object.keys(out).sort().join('\n')
  else if (tree[LISTING] !== undefined) out[LISTING] = tree[LISTING]
  return out
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
  if (path === '/') return compiled.root
  const slash = path.indexOf('/', 1)
  const answers = compiled.answersFor(slash === -1 ? path.slice(1) : path.slice(1, slash))
  return answers?.get(path) ?? errorResponse(404, 'NotFound', `No metadata at ${path}.`)
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

/** A directory listing as EC2 gives it: sorted, one entry a line, sub-directories with `/`. */
function listing(tree: Tree): string {
  return Object.keys(tree)
    .sort()
    .map((name) => (isTree(tree[name] as Node) ? `${name}/` : name))
    .join('\n')
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
      marketplaceProductCodes: instance.productCode ? [instance.productCode] : null,
      imageId: instance.amiId,
      instanceId: instance.instanceId,
      instanceType: instance.instanceType,
      kernelId: instance.kernelId ?? null,
      pendingTime: awsTimestamp(instance.pendingTime),
      privateIp: instance.localIpv4,
      ramdiskId: instance.ramdiskId ?? null,
      region: instance.region,
      version: '2017-09-30',
    },
    null,
    2,
  )
}
