import type { ImdsConfig } from '../config/index.js'
import type { InstanceInfo } from './instance-info.js'
import {
  awsTimestamp,
  jsonResponse,
  type MetadataResponse,
  type VendedCredentials,
} from './metadata-response.js'

/** A leaf whose answer is rendered once per snapshot (JSON documents). */
export class Rendered {
  constructor(readonly response: MetadataResponse) {}
}
/** A directory's own listing text, when IMDS formats it differently (public-keys, versions). */
export const LISTING = Symbol('listing')
export type Leaf = string | Buffer | Rendered
export type Node = Leaf | Tree
export interface Tree {
  [name: string]: Node
  [LISTING]?: string
}

/** The signed instance identity: the document and its three signatures, as EC2 serves them. */
export interface SignedIdentity {
  document: string
  signature: string
  pkcs7: string
  rsa2048: string
}

/** What the simulations have made true at one moment (see lifecycle.ts). */
export interface LifecycleState {
  /** A Spot interruption is scheduled: the instance is a Spot instance. */
  spotInstance?: boolean
  spot?: { action: 'terminate' | 'stop' | 'hibernate'; time: Date }
  rebalance?: { noticeTime: Date }
  maintenance?: { notBefore: Date; eventId: string }
  asgTerminated?: boolean
}

/**
 * The tags served when the developer configures none: most instances carry a `Name` tag, and
 * clients that read tags (fluent-bit's `tags_enabled`, scripts naming logs after the instance)
 * then run unchanged. `imds.tags: false` turns tags off (EC2 without InstanceMetadataTags).
 */
export const DEFAULT_INSTANCE_TAGS: Readonly<Record<string, string>> = { Name: 'secrets-dev' }

/** Everything one IMDS answer may need, fetched (and kept fresh) by the server. */
export interface ImdsSnapshot {
  instance: InstanceInfo
  credentials: VendedCredentials
  identity: SignedIdentity
  /** The developer's values (tags, keys, overrides); absent = none. */
  config?: ImdsConfig
  /** The bytes of `--user-data`/`imds.userData`; absent = 404, as on EC2 without user data. */
  userData?: Buffer
  lifecycle?: LifecycleState
}

/**
 * The versions EC2 lists at `/`, oldest first. A dated version serves every path that
 * existed then (see SINCE) with the same content as `latest`.
 */
export const VERSIONS = [
  '1.0',
  '2007-01-19',
  '2007-03-01',
  '2007-08-29',
  '2007-10-10',
  '2007-12-15',
  '2008-02-01',
  '2008-09-01',
  '2009-04-04',
  '2011-01-01',
  '2011-05-01',
  '2012-01-12',
  '2014-02-25',
  '2014-11-05',
  '2015-10-20',
  '2016-04-19',
  '2016-06-30',
  '2016-09-02',
  '2018-03-28',
  '2018-08-17',
  '2018-09-24',
  '2019-10-01',
  '2020-10-27',
  '2021-01-03',
  '2021-03-23',
  '2021-07-15',
  '2022-09-24',
] as const

/**
 * When each category appeared (AWS, "Instance metadata categories": "Version when category
 * was released"); the longest matching prefix wins, anything unlisted is from 1.0. `latest`
 * marks paths AWS documents for no dated version.
 */
const SINCE: readonly (readonly [string, string])[] = [
  ['meta-data/ami-launch-index', '2007-01-19'],
  ['meta-data/autoscaling', '2021-07-15'],
  ['meta-data/block-device-mapping', '2007-12-15'],
  ['meta-data/elastic-inference', '2018-11-29'],
  ['meta-data/events/maintenance', '2018-08-17'],
  ['meta-data/events/recommendations', '2020-10-27'],
  ['meta-data/iam', '2012-01-12'],
  ['meta-data/iam/security-credentials-extended', 'latest'],
  ['meta-data/identity-credentials', '2018-05-23'],
  ['meta-data/instance-action', '2008-09-01'],
  ['meta-data/instance-life-cycle', '2019-10-01'],
  ['meta-data/instance-type', '2007-08-29'],
  ['meta-data/ipv6', '2021-01-03'],
  ['meta-data/kernel-id', '2008-02-01'],
  ['meta-data/local-hostname', '2007-01-19'],
  ['meta-data/mac', '2011-01-01'],
  ['meta-data/network', '2011-01-01'],
  ['meta-data/network/interfaces/macs/*/ipv6s', '2016-06-30'],
  ['meta-data/network/interfaces/macs/*/network-card-index', '2020-11-01'],
  ['meta-data/network/interfaces/macs/*/subnet-ipv6-cidr-blocks', '2016-06-30'],
  ['meta-data/network/interfaces/macs/*/vpc-ipv4-cidr-blocks', '2016-06-30'],
  ['meta-data/network/interfaces/macs/*/vpc-ipv6-cidr-blocks', '2016-06-30'],
  ['meta-data/placement', '2008-02-01'],
  ['meta-data/placement/availability-zone-id', '2019-10-01'],
  ['meta-data/placement/group-name', '2020-08-24'],
  ['meta-data/placement/host-id', '2020-08-24'],
  ['meta-data/placement/partition-number', '2020-08-24'],
  ['meta-data/placement/region', '2020-08-24'],
  ['meta-data/product-codes', '2007-03-01'],
  ['meta-data/public-hostname', '2007-01-19'],
  ['meta-data/public-ipv4', '2007-01-19'],
  ['meta-data/ramdisk-id', '2007-10-10'],
  ['meta-data/services/domain', '2014-02-25'],
  ['meta-data/services/partition', '2015-10-20'],
  ['meta-data/spot/instance-action', '2016-11-15'],
  ['meta-data/spot/termination-time', '2014-11-05'],
  ['meta-data/tags', '2021-03-23'],
  ['dynamic', '2009-04-04'],
]

/** The version a path (relative to the version, MAC replaced by `*`) first appeared in. */
export function sinceVersion(path: string): string {
  const generic = path.replace(/^(meta-data\/network\/interfaces\/macs\/)[^/]+/, '$1*')
  let best: readonly [string, string] | undefined
  for (const entry of SINCE) {
    const [prefix] = entry
    if ((generic === prefix || generic.startsWith(`${prefix}/`)) && prefix.length > (best?.[0].length ?? -1))
      best = entry
  }
  return best?.[1] ?? '1.0'
}

/** Paths whose value is a field of the instance: overriding them changes the identity document too. */
const INSTANCE_FIELDS: Record<string, keyof InstanceInfo> = {
  'meta-data/instance-id': 'instanceId',
  'meta-data/ami-id': 'amiId',
  'meta-data/instance-type': 'instanceType',
  'meta-data/local-ipv4': 'localIpv4',
  'meta-data/local-hostname': 'hostname',
  'meta-data/hostname': 'hostname',
  'meta-data/mac': 'mac',
  'meta-data/public-ipv4': 'publicIpv4',
  'meta-data/public-hostname': 'publicHostname',
  'meta-data/placement/availability-zone': 'availabilityZone',
  'meta-data/placement/availability-zone-id': 'availabilityZoneId',
  'meta-data/kernel-id': 'kernelId',
  'meta-data/ramdisk-id': 'ramdiskId',
  'meta-data/reservation-id': 'reservationId',
  'meta-data/product-codes': 'productCode',
}
const OPTIONAL_FIELDS = new Set<keyof InstanceInfo>(['kernelId', 'ramdiskId', 'productCode'])

/**
 * Applies the config's values for instance fields (instance-id, AMI, type, addresses, zone)
 * to the instance, so the signed document and the network tree agree with the overrides.
 */
export function applyInstanceOverrides(instance: InstanceInfo, config: ImdsConfig | undefined): InstanceInfo {
  const out = { ...instance }
  for (const [path, value] of Object.entries(config?.values ?? {})) {
    const field = INSTANCE_FIELDS[path]
    if (!field) continue
    if (typeof value === 'string') Object.assign(out, { [field]: value })
    // Only the optional fields can be removed; the document then says null, like EC2's.
    else if (OPTIONAL_FIELDS.has(field)) delete out[field]
  }
  return out
}

/** Builds the whole `latest` tree of one snapshot: meta-data, dynamic and user-data. */
export function metadataTree(snapshot: ImdsSnapshot): Tree {
  const { instance: i, credentials: c, identity, config, lifecycle = {} } = snapshot
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
  const partition = i.region.startsWith('cn-')
    ? 'aws-cn'
    : i.region.startsWith('us-gov-')
      ? 'aws-us-gov'
      : 'aws'
  const ipv6 = ipv6Of(i)
  const iface: Tree = {
    'device-number': '0',
    'interface-id': i.interfaceId,
    'ipv4-associations': { [i.publicIpv4]: i.localIpv4 },
    ipv6s: ipv6.address,
    'local-hostname': i.hostname,
    'local-ipv4s': i.localIpv4,
    mac: i.mac,
    'network-card-index': '0',
    'owner-id': i.accountId,
    'public-hostname': i.publicHostname,
    'public-ipv4s': i.publicIpv4,
    'security-group-ids': i.securityGroupId,
    'security-groups': i.securityGroupName,
    'subnet-id': i.subnetId,
    'subnet-ipv4-cidr-block': i.subnetCidr,
    'subnet-ipv6-cidr-blocks': ipv6.subnet,
    'vpc-id': i.vpcId,
    'vpc-ipv4-cidr-block': i.vpcCidr,
    'vpc-ipv4-cidr-blocks': i.vpcCidr,
    'vpc-ipv6-cidr-blocks': ipv6.vpc,
  }
  const metaData: Tree = {
    'ami-id': i.amiId,
    'ami-launch-index': '0',
    'ami-manifest-path': '(unknown)',
    autoscaling: { 'target-lifecycle-state': lifecycle.asgTerminated ? 'Terminated' : 'InService' },
    'block-device-mapping': {
      ami: '/dev/xvda',
      ebs0: 'sdf',
      ephemeral0: 'sdb',
      root: '/dev/xvda',
      swap: 'sdc',
    },
    events: {
      maintenance: {
        history: '[]',
        scheduled: maintenanceEvents(lifecycle),
      },
    },
    hostname: i.hostname,
    iam: {
      info: json({
        Code: 'Success',
        LastUpdated: awsTimestamp(c.lastUpdated),
        InstanceProfileArn: i.instanceProfileArn,
        InstanceProfileId: i.instanceProfileId,
      }),
      'security-credentials': { [i.roleName]: credentials(false) },
      'security-credentials-extended': { [i.roleName]: credentials(true) },
    },
    'identity-credentials': {
      ec2: {
        info: json({ Code: 'Success', LastUpdated: awsTimestamp(c.lastUpdated), AccountId: i.accountId }),
        'security-credentials': { 'ec2-instance': credentials(false) },
      },
    },
    'instance-action': 'none',
    'instance-id': i.instanceId,
    'instance-life-cycle': lifecycle.spotInstance ? 'spot' : i.lifeCycle,
    'instance-type': i.instanceType,
    ipv6: ipv6.address,
    'local-hostname': i.hostname,
    'local-ipv4': i.localIpv4,
    mac: i.mac,
    network: { interfaces: { macs: { [i.mac]: iface } } },
    placement: {
      'availability-zone': i.availabilityZone,
      'availability-zone-id': i.availabilityZoneId,
      'group-name': 'secrets-dev',
      'partition-number': '1',
      region: i.region,
    },
    'public-hostname': i.publicHostname,
    'public-ipv4': i.publicIpv4,
    'reservation-id': i.reservationId,
    'security-groups': i.securityGroupName,
    services: { domain: partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com', partition },
  }
  if (i.kernelId) metaData['kernel-id'] = i.kernelId
  if (i.ramdiskId) metaData['ramdisk-id'] = i.ramdiskId
  if (i.productCode) metaData['product-codes'] = i.productCode
  if (lifecycle.rebalance)
    (metaData.events as Tree).recommendations = {
      rebalance: json({ noticeTime: awsTimestamp(lifecycle.rebalance.noticeTime) }),
    }
  if (lifecycle.spot)
    metaData.spot = {
      'instance-action': json({ action: lifecycle.spot.action, time: awsTimestamp(lifecycle.spot.time) }),
      'termination-time': awsTimestamp(lifecycle.spot.time),
    }
  const keys = Object.entries(config?.publicKeys ?? {})
  if (keys.length > 0) {
    const publicKeys: Tree = {}
    keys.forEach(([, key], index) => (publicKeys[String(index)] = { 'openssh-key': key }))
    publicKeys[LISTING] = keys.map(([name], index) => `${index}=${name}`).join('\n')
    metaData['public-keys'] = publicKeys
  }
  const tags = config?.tags ?? DEFAULT_INSTANCE_TAGS
  if (tags) metaData.tags = { instance: { ...tags } }
  const latest: Tree = {
    dynamic: {
      fws: { 'instance-monitoring': 'disabled' },
      'instance-identity': {
        document: identity.document,
        pkcs7: identity.pkcs7,
        rsa2048: identity.rsa2048,
        signature: identity.signature,
      },
    },
    'meta-data': metaData,
  }
  if (snapshot.userData) latest['user-data'] = snapshot.userData
  applyValues(latest, config?.values)
  // The version level lists its entries without a trailing slash, as EC2 does.
  latest[LISTING] = Object.keys(latest).sort().join('\n')
  return latest
}

/** Sets (or, for null, removes) each configured path; missing directories are created. */
function applyValues(root: Tree, values: Record<string, string | null> | undefined): void {
  for (const [path, value] of Object.entries(values ?? {})) {
    const parts = path.split('/')
    const name = parts.pop() as string
    let dir: Tree | undefined = root
    for (const part of parts) {
      const next: Node | undefined = dir[part]
      if (next === undefined && value !== null) dir = dir[part] = {}
      else if (next !== undefined && isTree(next)) dir = next
      else {
        dir = undefined
        break
      }
    }
    if (!dir) continue
    if (value === null) delete dir[name]
    else dir[name] = value
  }
}

export function isTree(node: Node): node is Tree {
  return typeof node === 'object' && !(node instanceof Rendered) && !Buffer.isBuffer(node)
}

function json(value: unknown): Rendered {
  return new Rendered(jsonResponse(value))
}

/** Scheduled maintenance as EC2 lists it: `[]`, or one event with its code, state and window. */
function maintenanceEvents(lifecycle: LifecycleState): Rendered {
  const event = lifecycle.maintenance
  if (!event) return json([])
  const gmt = (date: Date) =>
    date
      .toUTCString()
      .replace(/^\w+, /, '')
      .replace(/^0/, '')
  const notAfter = new Date(event.notBefore.getTime() + 2 * 3_600_000)
  const deadline = new Date(event.notBefore.getTime() + 7 * 86_400_000)
  return json([
    {
      NotBefore: gmt(event.notBefore),
      Code: 'system-reboot',
      Description: 'scheduled reboot',
      EventId: event.eventId,
      NotAfter: gmt(notAfter),
      NotBeforeDeadline: gmt(deadline),
      State: 'active',
    },
  ])
}

/** A dual-stack interface in the documentation prefix 2001:db8::/32, derived from the VPC. */
function ipv6Of(i: InstanceInfo): { address: string; subnet: string; vpc: string } {
  const hex = i.vpcId.slice(4, 8)
  const host = i.instanceId.slice(2, 6)
  return {
    vpc: `2001:db8:${hex}:ff00::/56`,
    subnet: `2001:db8:${hex}:ff00::/64`,
    address: `2001:db8:${hex}:ff00::${host}`,
  }
}
