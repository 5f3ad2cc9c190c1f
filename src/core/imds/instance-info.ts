import { createHash } from 'node:crypto'

/** What the emulated instance says about itself; derived from the real identity. */
export interface InstanceInfo {
  accountId: string
  region: string
  availabilityZone: string
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
 * code caching them across runs sees the same instance.
 */
export function buildInstanceInfo(input: InstanceInfoInput): InstanceInfo {
  const hex = createHash('sha256').update(`${input.seed}\0${input.accountId}`).digest('hex')
  const roleName = roleNameFrom(input.roleArn ?? input.callerArn)
  const roleArn = input.roleArn ?? roleArnFrom(input.callerArn, input.accountId, roleName)
  const octets = [10, parseInt(hex.slice(0, 2), 16) % 256, parseInt(hex.slice(2, 4), 16), 10]
  const localIpv4 = octets.join('.')
  return {
    accountId: input.accountId,
    region: input.region,
    availabilityZone: `${input.region}a`,
    roleName,
    roleArn,
    instanceProfileArn: `arn:aws:iam::${input.accountId}:instance-profile/${roleName}`,
    instanceProfileId: `AIPA${hex.slice(4, 20).toUpperCase()}`,
    instanceId: `i-${hex.slice(20, 37)}`,
    amiId: `ami-${hex.slice(37, 54)}`,
    instanceType: 't3.micro',
    localIpv4,
    hostname: `ip-${octets.join('-')}.${input.region === 'us-east-1' ? 'ec2.internal' : `${input.region}.compute.internal`}`,
    mac: `02:${hex.slice(54, 64).match(/../g)?.join(':') ?? '00:00:00:00:00'}`,
    pendingTime: input.startedAt,
  }
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
