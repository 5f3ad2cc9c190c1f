import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  VERSIONS,
  applyInstanceOverrides,
  sinceVersion,
  type ImdsSnapshot,
} from '../../../src/core/imds/catalogue.js'
import { compileImds, identityDocument, routeImds } from '../../../src/core/imds/imds-routes.js'
import { createTokenIssuer, issueToken } from '../../../src/core/imds/metadata-token.js'
import { Lifecycle } from '../../../src/core/imds/lifecycle.js'
import type { MetadataResponse } from '../../../src/core/imds/metadata-response.js'
import { NOW, snapshot } from './fixtures.js'

const key = randomBytes(32)
const token = issueToken(300, key, NOW)
const policy = { tokens: createTokenIssuer(key), now: NOW, imdsV1: false }
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHVuaXQtdGVzdC1rZXktbm90LXJlYWw dev@laptop'

function serve(extra: Partial<ImdsSnapshot> = {}): (path: string) => MetadataResponse {
  const compiled = compileImds({ ...snapshot(), ...extra })
  return (path) =>
    routeImds({ method: 'GET', path, headers: { 'x-aws-ec2-metadata-token': token } }, compiled, policy)
}
const body = (res: MetadataResponse) => (res.status === 200 ? res.body : `${res.status}`)

describe('the whole instance, consistent with itself', () => {
  const i = snapshot().instance
  const get = serve()
  const mac = `/latest/meta-data/network/interfaces/macs/${i.mac}`
  it.each([
    ['/latest/meta-data/public-ipv4', i.publicIpv4],
    [
      '/latest/meta-data/public-hostname',
      `ec2-${i.publicIpv4.replace(/\./g, '-')}.eu-west-1.compute.amazonaws.com`,
    ],
    ['/latest/meta-data/local-hostname', i.hostname],
    ['/latest/meta-data/instance-life-cycle', 'on-demand'],
    ['/latest/meta-data/instance-action', 'none'],
    ['/latest/meta-data/ami-launch-index', '0'],
    ['/latest/meta-data/security-groups', 'default'],
    ['/latest/meta-data/services/partition', 'aws'],
    ['/latest/meta-data/services/domain', 'amazonaws.com'],
    ['/latest/meta-data/placement/availability-zone-id', 'euw1-az1'],
    ['/latest/meta-data/autoscaling/target-lifecycle-state', 'InService'],
    ['/latest/meta-data/events/maintenance/scheduled', '[]'],
    ['/latest/meta-data/network/interfaces/macs/', `${i.mac}/`],
    [`${mac}/local-ipv4s`, i.localIpv4],
    [`${mac}/mac`, i.mac],
    [`${mac}/owner-id`, '123456789012'],
    [`${mac}/device-number`, '0'],
    [`${mac}/public-ipv4s`, i.publicIpv4],
    [`${mac}/ipv4-associations/${i.publicIpv4}`, i.localIpv4],
    [`${mac}/vpc-id`, i.vpcId],
    [`${mac}/subnet-id`, i.subnetId],
    [`${mac}/security-group-ids`, i.securityGroupId],
    ['/latest/meta-data/block-device-mapping/', 'ami\nebs0\nephemeral0\nroot\nswap'],
    ['/latest/dynamic/', 'fws/\ninstance-identity/'],
    // Tags: the default Name tag until the developer configures tags (or turns them off).
    ['/latest/meta-data/tags/instance', 'Name'],
    ['/latest/meta-data/tags/instance/Name', 'secrets-dev'],
    // Absent unless configured or simulated, as on an on-demand instance without them.
    ['/latest/user-data', '404'],
    ['/latest/meta-data/public-keys/', '404'],
    ['/latest/meta-data/spot/instance-action', '404'],
    ['/latest/meta-data/events/recommendations/rebalance', '404'],
  ])('%s', (path, expected) => {
    expect(body(get(path))).toBe(expected)
  })

  it('puts the private address in the subnet and the subnet in the VPC', () => {
    const [a, b, c] = i.localIpv4.split('.')
    expect(i.subnetCidr).toBe(`${a}.${b}.${c}.0/24`)
    expect(i.vpcCidr).toBe(`${a}.${b}.0.0/16`)
    expect(i.hostname).toBe(`ip-${i.localIpv4.replace(/\./g, '-')}.eu-west-1.compute.internal`)
    expect(i.publicIpv4).toMatch(/^203\.0\.113\.\d+$/)
  })

  it('names the same instance in the identity document', () => {
    const doc = JSON.parse(identityDocument(i)) as Record<string, unknown>
    expect(doc).toMatchObject({
      instanceId: i.instanceId,
      imageId: i.amiId,
      privateIp: i.localIpv4,
      kernelId: i.kernelId,
      ramdiskId: i.ramdiskId,
      marketplaceProductCodes: [body(get('/latest/meta-data/product-codes'))],
      availabilityZone: body(get('/latest/meta-data/placement/availability-zone')),
      instanceType: body(get('/latest/meta-data/instance-type')),
    })
  })
})

describe('dated versions', () => {
  const get = serve({ userData: Buffer.from('#cloud-config\n') })
  it('lists every version at / without trailing slashes, latest last', () => {
    expect(body(get('/'))).toBe([...VERSIONS, 'latest'].join('\n'))
  })
  it.each([
    // cloud-init's probes: the same content as latest where the path existed.
    ['/2021-03-23/meta-data/instance-id', 'same'],
    ['/2018-09-24/meta-data/instance-id', 'same'],
    ['/2009-04-04/meta-data/instance-id', 'same'],
    ['/2009-04-04/user-data', 'same'],
    ['/2009-04-04/dynamic/instance-identity/document', 'same'],
    ['/1.0/meta-data/ami-id', 'same'],
    ['/2021-03-23/meta-data/placement/region', 'same'],
    // Paths newer than the version are absent there.
    ['/2016-09-02/meta-data/placement/region', '404'],
    ['/2008-02-01/dynamic/instance-identity/document', '404'],
    ['/2021-03-23/meta-data/autoscaling/target-lifecycle-state', '404'],
    ['/2021-07-15/meta-data/autoscaling/target-lifecycle-state', 'same'],
    ['/2099-01-01/meta-data/instance-id', '404'],
  ])('%s → %s', (path, expected) => {
    const latest = body(get(path.replace(/^\/[^/]+/, '/latest')))
    expect(body(get(path))).toBe(expected === 'same' ? latest : expected)
  })
  it('lists only what existed in the version', () => {
    expect(body(get('/2009-04-04/'))).toBe('dynamic\nmeta-data\nuser-data')
    expect(body(get('/1.0/'))).toBe('meta-data\nuser-data')
    expect(body(get('/2016-09-02/meta-data/placement/'))).toBe('availability-zone')
    expect(body(get('/2009-04-04/meta-data/'))).not.toContain('iam/')
  })
  it.each([
    ['meta-data/placement/region', '2020-08-24'],
    ['meta-data/network/interfaces/macs/02:00:00:00:00:01/ipv6s', '2016-06-30'],
    ['meta-data/network/interfaces/macs/02:00:00:00:00:01/vpc-id', '2011-01-01'],
    ['meta-data/iam/security-credentials/role', '2012-01-12'],
    ['meta-data/instance-id', '1.0'],
  ])('sinceVersion(%s) = %s', (path, version) => expect(sinceVersion(path)).toBe(version))
})

describe("the developer's values", () => {
  const i = snapshot().instance
  const get = serve({
    userData: Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
    config: {
      tags: { Name: 'web-1', Team: 'core' },
      publicKeys: { 'dev-key': KEY, other: KEY.replace('dev@laptop', 'ci') },
      values: {
        'meta-data/placement/host-id': 'h-0123456789abcdef0',
        'meta-data/kernel-id': null,
        'meta-data/custom/leaf': 'x',
      },
    },
  })
  it.each([
    ['/latest/meta-data/tags/instance', 'Name\nTeam'],
    ['/latest/meta-data/tags/instance/Name', 'web-1'],
    ['/latest/meta-data/public-keys/', '0=dev-key\n1=other'],
    ['/latest/meta-data/public-keys/0/', 'openssh-key'],
    ['/latest/meta-data/public-keys/0/openssh-key', KEY],
    ['/latest/meta-data/public-keys/1/openssh-key', KEY.replace('dev@laptop', 'ci')],
    ['/latest/meta-data/placement/host-id', 'h-0123456789abcdef0'],
    ['/latest/meta-data/kernel-id', '404'],
    ['/latest/meta-data/custom/leaf', 'x'],
    ['/latest', 'dynamic\nmeta-data\nuser-data'],
  ])('%s', (path, expected) => expect(body(get(path))).toBe(expected))

  it('serves no tags when they are turned off (EC2 without InstanceMetadataTags)', () => {
    const off = serve({ config: { tags: false } })
    expect(body(off('/latest/meta-data/tags/instance'))).toBe('404')
    expect(body(off('/latest/meta-data/tags/'))).toBe('404')
  })

  it('serves user data byte for byte (it may be gzip)', () => {
    const res = get('/latest/user-data')
    expect(res.bytes).toEqual(Buffer.from([0x1f, 0x8b, 0x08, 0x00]))
    expect(res.headers['content-length']).toBe('4')
  })

  it('carries instance-field overrides into the identity document', () => {
    const changed = applyInstanceOverrides(i, {
      values: { 'meta-data/instance-id': 'i-0abc', 'meta-data/instance-type': 'm7g.large' },
    })
    expect(JSON.parse(identityDocument(changed))).toMatchObject({
      instanceId: 'i-0abc',
      instanceType: 'm7g.large',
    })
    expect(serve({ instance: changed })('/latest/meta-data/instance-type').body).toBe('m7g.large')
  })

  it('removes optional fields from the document too (null)', () => {
    const bare = applyInstanceOverrides(i, {
      values: { 'meta-data/kernel-id': null, 'meta-data/ramdisk-id': null, 'meta-data/product-codes': null },
    })
    expect(JSON.parse(identityDocument(bare))).toMatchObject({
      kernelId: null,
      ramdiskId: null,
      marketplaceProductCodes: null,
    })
    const get = serve({ instance: bare })
    expect(get('/latest/meta-data/kernel-id').status).toBe(404)
    expect(get('/latest/meta-data/product-codes').status).toBe(404)
  })
})

describe('lifecycle simulations', () => {
  const base = snapshot()
  const at = (lifecycle: Lifecycle, ms: number) => {
    const { state } = lifecycle.stateAt(new Date(NOW.getTime() + ms))
    return serve({ ...base, lifecycle: state })
  }
  it('Spot: 404 before the delay, then the notice two minutes ahead; the instance is spot', () => {
    const lifecycle = new Lifecycle()
    lifecycle.schedule({ kind: 'spot-interruption', delayMs: 5_000, action: 'stop' }, NOW)
    const before = at(lifecycle, 4_999)
    expect(before('/latest/meta-data/spot/instance-action').status).toBe(404)
    expect(before('/latest/meta-data/instance-life-cycle').body).toBe('spot')
    const after = at(lifecycle, 5_000)
    expect(JSON.parse(after('/latest/meta-data/spot/instance-action').body)).toEqual({
      action: 'stop',
      time: '2026-01-02T03:06:10Z',
    })
    expect(after('/latest/meta-data/spot/termination-time').body).toBe('2026-01-02T03:06:10Z')
    expect(after('/latest/meta-data/spot/').body).toBe('instance-action\ntermination-time')
  })
  it('rebalance, maintenance and ASG', () => {
    const lifecycle = new Lifecycle()
    for (const kind of ['rebalance', 'maintenance-event', 'asg-terminate'] as const)
      lifecycle.schedule({ kind, delayMs: 60_000 }, NOW)
    const before = at(lifecycle, 59_999)
    expect(before('/latest/meta-data/events/recommendations/rebalance').status).toBe(404)
    expect(before('/latest/meta-data/events/maintenance/scheduled').body).toBe('[]')
    expect(before('/latest/meta-data/autoscaling/target-lifecycle-state').body).toBe('InService')
    const after = at(lifecycle, 60_000)
    expect(JSON.parse(after('/latest/meta-data/events/recommendations/rebalance').body)).toEqual({
      noticeTime: '2026-01-02T03:05:05Z',
    })
    const [event] = JSON.parse(after('/latest/meta-data/events/maintenance/scheduled').body) as Record<
      string,
      string
    >[]
    expect(event).toMatchObject({
      Code: 'system-reboot',
      State: 'active',
      NotBefore: '3 Jan 2026 03:05:05 GMT',
      NotAfter: '3 Jan 2026 05:05:05 GMT',
    })
    expect(event?.EventId).toMatch(/^instance-event-[0-9a-f]{17}$/)
    expect(after('/latest/meta-data/autoscaling/target-lifecycle-state').body).toBe('Terminated')
  })
  it('changes its key exactly when the state changes', () => {
    const lifecycle = new Lifecycle()
    expect(lifecycle.stateAt(NOW).key).toBe(lifecycle.stateAt(new Date(NOW.getTime() + 1e9)).key)
    lifecycle.schedule({ kind: 'rebalance', delayMs: 1_000 }, NOW)
    const keys = [0, 999, 1_000, 5_000].map((ms) => lifecycle.stateAt(new Date(NOW.getTime() + ms)).key)
    expect(keys[0]).toBe(keys[1])
    expect(keys[1]).not.toBe(keys[2])
    expect(keys[2]).toBe(keys[3])
  })
})
