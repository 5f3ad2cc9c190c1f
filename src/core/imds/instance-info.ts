import { createHash } from 'node:crypto'

/** What the emulated instance says about itself; derived from the real identity. */
export interface InstanceInfo {
  accountId: string
  region: string
  availabilityZone: string
  /** The zone id (`euw1-az1`), as `placement/availability-zone-id` gives it. */
  availabilityZoneId: string
  /** The role name under `iam/security-credentials/`. */
  roleName: string
  /** The role the credentials belong to (`--role-arn`, or the caller's role). */
  roleArn: string
  instanceProfileArn: string
  instanceProfileId: string
  instanceId: string
  amiId: string
  instanceType: string
  localIpv4: string
  hostname: string
  mac: string
  /** Public side of the primary interface (a documentation address, never a real one). */
  publicIpv4: string
  publicHostname: string
  /** The network the primary interface is in. */
  interfaceId: string
  subnetId: string
  subnetCidr: string
  vpcId: string
  vpcCidr: string
  securityGroupId: string
  securityGroupName: string
  reservationId: string
  /** Absent on HVM/Nitro AMIs: removable with `values: {"meta-data/kernel-id": null}`. */
  kernelId?: string
  ramdiskId?: string
  /** The AMI's Marketplace product code (`product-codes`, `marketplaceProductCodes`). */
  productCode?: string
  /** `on-demand`, or `spot` when a Spot interruption is simulated. */
  lifeCycle: 'on-demand' | 'spot'
  /** Fixed per emulator run: the instance "launched" when the emulator started. */
  pendingTime: Date
}

export interface InstanceInfoInput {
  accountId: string
  region: string
  /** The STS caller ARN of the vended credentials. */
  callerArn: string
  roleArn?: string
  /** Something stable per user and machine (e.g. hostname + profile), for stable ids. */
  seed: string
  startedAt: Date
}

/**
 * Builds the emulated instance: the real account and region, a role name taken from the
 * role ARN (or the caller's assumed role), and ids that are stable for one seed so that
 * code caching them across runs sees the same instance. Every derived value agrees with
 * the others (the private IP is in the subnet, the subnet in the VPC, the hostnames carry
 * the addresses and the region's DNS suffix).
 */
export function buildInstanceInfo(input: InstanceInfoInput): InstanceInfo {
  const hex = createHash('sha256').update(`${input.seed}\0${input.accountId}`).digest('hex')
  // A second digest for the network ids, so the first's layout (and its ids) stay as they were.
  const net = createHash('sha256').update(`net\0${input.seed}\0${input.accountId}`).digest('hex')
  const roleName = roleNameFrom(input.roleArn ?? input.callerArn)
  const roleArn = input.roleArn ?? roleArnFrom(input.callerArn, input.accountId, roleName)
  const b = parseInt(hex.slice(0, 2), 16) % 256
  const c = parseInt(hex.slice(2, 4), 16)
  const octets = [10, b, c, 10]
  const localIpv4 = octets.join('.')
  // 203.0.113.0/24 (TEST-NET-3) is reserved for documentation: it can never reach a real host.
  const publicIpv4 = `203.0.113.${(parseInt(net.slice(0, 2), 16) % 250) + 4}`
  const east1 = input.region === 'us-east-1'
  return {
    accountId: input.accountId,
    region: input.region,
    availabilityZone: `${input.region}a`,
    availabilityZoneId: zoneId(input.region),
    roleName,
    roleArn,
    instanceProfileArn: `arn:aws:iam::${input.accountId}:instance-profile/${roleName}`,
    instanceProfileId: `AIPA${hex.slice(4, 20).toUpperCase()}`,
    instanceId: `i-${hex.slice(20, 37)}`,
    amiId: `ami-${hex.slice(37, 54)}`,
    instanceType: 't3.micro',
    localIpv4,
    hostname: `ip-${octets.join('-')}.${east1 ? 'ec2.internal' : `${input.region}.compute.internal`}`,
    mac: `02:${hex.slice(54, 64).match(/../g)?.join(':') ?? '00:00:00:00:00'}`,
    publicIpv4,
    publicHostname: `ec2-${publicIpv4.replace(/\./g, '-')}.${
      east1 ? 'compute-1' : `${input.region}.compute`
    }.amazonaws.com`,
    interfaceId: `eni-${net.slice(2, 19)}`,
    subnetId: `subnet-${net.slice(19, 36)}`,
    subnetCidr: `10.${b}.${c}.0/24`,
    vpcId: `vpc-${net.slice(36, 53)}`,
    vpcCidr: `10.${b}.0.0/16`,
    securityGroupId: `sg-${net.slice(53, 64)}${hex.slice(0, 6)}`,
    securityGroupName: 'default',
    reservationId: `r-${hex.slice(6, 23)}`,
    kernelId: `aki-${net.slice(0, 8)}`,
    ramdiskId: `ari-${net.slice(8, 16)}`,
    productCode: BigInt(`0x${hex.slice(23, 40)}`)
      .toString(36)
      .padStart(25, '0')
      .slice(-25),
    lifeCycle: 'on-demand',
    pendingTime: input.startedAt,
  }
}

/** A plausible zone id for `<region>a`: `euw1-az1` for eu-west-1, `use1-az1` for us-east-1. */
function zoneId(region: string): string {
  const [area = 'xx', direction = '', number = '1'] = region.split('-')
  const known: Record<string, string> = {
    north: 'n',
    south: 's',
    east: 'e',
    west: 'w',
    central: 'c',
    northeast: 'ne',
    northwest: 'nw',
    southeast: 'se',
    southwest: 'sw',
  }
  const dir = known[direction] ?? direction.charAt(0)
  return `${area}${dir}${number}-az1`
}

/**
 * Returns the role name IMDS lists: the name in `role/NAME` or `assumed-role/NAME/session`;
 * for an IAM user (GetSessionToken credentials) `secrets-NAME`, since there is no role.
 */
export function roleNameFrom(arn: string): string {
  const resource = arn.split(':').slice(5).join(':')
  const parts = resource.split('/')
  const kind = parts[0]
  if ((kind === 'role' || kind === 'assumed-role') && parts.length >= 2)
    return parts[kind === 'role' ? parts.length - 1 : 1] ?? 'secrets-dev'
  if (kind === 'user' && parts.length >= 2) return `secrets-${parts.at(-1)}`
  return 'secrets-dev'
}

function roleArnFrom(callerArn: string, accountId: string, roleName: string): string {
  if (callerArn.includes(':assumed-role/')) return `arn:aws:iam::${accountId}:role/${roleName}`
  return callerArn
}
