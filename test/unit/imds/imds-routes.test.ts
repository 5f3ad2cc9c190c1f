import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createTokenIssuer, issueToken } from '../../../src/core/imds/metadata-token.js'
import { compileImds, routeImds, identityDocument } from '../../../src/core/imds/imds-routes.js'
import type { MetadataRequest } from '../../../src/core/imds/metadata-response.js'
import { NOW, snapshot } from './fixtures.js'

const key = randomBytes(32)
const token = issueToken(300, key, NOW)
const v2 = { tokens: createTokenIssuer(key), now: NOW, imdsV1: false }
const v1 = { ...v2, imdsV1: true }
const raw = snapshot()
const snap = compileImds(raw)
const role = raw.instance.roleName

function req(method: string, path: string, headers: Record<string, string> = {}): MetadataRequest {
  return { method, path, headers }
}
/** GET with a token (`null`: without the header). */
const get = (path: string, t: string | null = token) =>
  req('GET', path, t === null ? {} : { 'x-aws-ec2-metadata-token': t })
const ttl = (value: string, extra: Record<string, string> = {}) =>
  req('PUT', '/latest/api/token', { 'x-aws-ec2-metadata-token-ttl-seconds': value, ...extra })

describe('routeImds: the token endpoint', () => {
  it.each([
    ['TTL 1', ttl('1'), 200],
    ['TTL 21600', ttl('21600'), 200],
    ['TTL 0', ttl('0'), 400],
    ['TTL 21601', ttl('21601'), 400],
    ['TTL not a number', ttl('ten'), 400],
    ['no TTL header', req('PUT', '/latest/api/token'), 400],
    ['X-Forwarded-For', ttl('60', { 'x-forwarded-for': '10.0.0.1' }), 403],
    ['X-Forwarded-For with a bad TTL', ttl('0', { 'x-forwarded-for': '10.0.0.1' }), 403],
    ['GET instead of PUT', req('GET', '/latest/api/token'), 405],
  ])('%s → %d', (_name, request, status) => {
    expect(routeImds(request, snap, v2).status).toBe(status)
  })

  it('echoes the TTL and returns a token that opens metadata until it expires', () => {
    const res = routeImds(ttl('2'), snap, v2)
    expect(res.headers['x-aws-ec2-metadata-token-ttl-seconds']).toBe('2')
    expect(routeImds(get('/latest/meta-data/instance-id', res.body), snap, v2).status).toBe(200)
    const later = { ...v2, now: new Date(NOW.getTime() + 2_000) }
    expect(routeImds(get('/latest/meta-data/instance-id', res.body), snap, later).status).toBe(401)
  })
})

describe('routeImds: token checks on metadata', () => {
  const otherKey = randomBytes(32)
  it.each([
    ['no token, IMDSv2 only', get('/latest/meta-data/', null), v2, 401],
    ['no token, IMDSv1 allowed', get('/latest/meta-data/', null), v1, 200],
    ['valid token', get('/latest/meta-data/'), v2, 200],
    ['forged token', get('/latest/meta-data/', issueToken(300, otherKey, NOW)), v2, 401],
    ['forged token, IMDSv1 allowed', get('/latest/meta-data/', issueToken(300, otherKey, NOW)), v1, 401],
    [
      'expired token',
      get('/latest/meta-data/', issueToken(1, key, new Date(NOW.getTime() - 5_000))),
      v2,
      401,
    ],
    ['garbage token', get('/latest/meta-data/', 'x'), v2, 401],
    ['unknown path with no token', get('/latest/nope', null), v2, 401],
    ['unknown path with a token', get('/latest/nope'), v2, 404],
    ['POST on metadata', req('POST', '/latest/meta-data/'), v2, 405],
  ])('%s → %d', (_name, request, policy, status) => {
    const res = routeImds(request, snap, policy)
    expect(res.status).toBe(status)
    if (status >= 400) {
      const body = JSON.parse(res.body) as Record<string, string>
      expect(body.code).toBe(body.Code)
      expect(body.message).toBe(body.Message)
      expect(body.Code).toBeTruthy()
    }
  })
})

describe('routeImds: the metadata tree', () => {
  const i = raw.instance
  it.each([
    // The root and version levels list without a trailing slash, as EC2 does.
    ['/latest', 'dynamic\nmeta-data'],
    ['/latest/', 'dynamic\nmeta-data'],
    [
      '/latest/meta-data/',
      [
        'ami-id',
        'ami-launch-index',
        'ami-manifest-path',
        'autoscaling/',
        'block-device-mapping/',
        'events/',
        'hostname',
        'iam/',
        'identity-credentials/',
        'instance-action',
        'instance-id',
        'instance-life-cycle',
        'instance-type',
        'ipv6',
        'kernel-id',
        'local-hostname',
        'local-ipv4',
        'mac',
        'network/',
        'placement/',
        'product-codes',
        'public-hostname',
        'public-ipv4',
        'ramdisk-id',
        'reservation-id',
        'security-groups',
        'services/',
        'tags/',
      ].join('\n'),
    ],
    ['/latest/meta-data/iam', 'info\nsecurity-credentials/\nsecurity-credentials-extended/'],
    ['/latest/meta-data/iam/security-credentials/', role],
    ['/latest/meta-data/iam/security-credentials-extended/', role],
    [
      '/latest/meta-data/placement/',
      'availability-zone\navailability-zone-id\ngroup-name\npartition-number\nregion',
    ],
    ['/latest/meta-data/placement/region', 'eu-west-1'],
    ['/latest/meta-data/placement/availability-zone', 'eu-west-1a'],
    ['/latest/meta-data/instance-id', i.instanceId],
    ['/latest/meta-data/ami-id', i.amiId],
    ['/latest/meta-data/instance-type', 't3.micro'],
    ['/latest/meta-data/local-ipv4', i.localIpv4],
    ['/latest/meta-data/hostname', i.hostname],
    ['/latest/meta-data/mac', i.mac],
    ['//latest//meta-data//instance-id', i.instanceId],
    ['/latest/dynamic/instance-identity/', 'document\npkcs7\nrsa2048\nsignature'],
    ['/latest/dynamic/instance-identity/document', '{"doc":1}'],
    ['/latest/dynamic/instance-identity/signature', 'SIG'],
    ['/latest/dynamic/instance-identity/pkcs7', 'P7'],
    ['/latest/dynamic/instance-identity/rsa2048', 'RSA'],
  ])('%s', (path, body) => {
    const res = routeImds(get(path), snap, v2)
    expect(res.status).toBe(200)
    expect(res.body).toBe(body)
  })

  it('serves the role credentials in the EC2 shape, timestamps without milliseconds', () => {
    const res = routeImds(get(`/latest/meta-data/iam/security-credentials/${role}`), snap, v2)
    expect(res.headers['content-type']).toBe('application/json')
    expect(JSON.parse(res.body)).toEqual({
      Code: 'Success',
      LastUpdated: '2026-01-02T03:04:05Z',
      Type: 'AWS-HMAC',
      AccessKeyId: 'ASIAUNITTESTKEY00001',
      SecretAccessKey: 'unit-secret-access-key',
      Token: 'unit-session-token',
      Expiration: '2026-01-02T04:04:05Z',
    })
  })

  it('adds AccountId on the extended path', () => {
    const res = routeImds(get(`/latest/meta-data/iam/security-credentials-extended/${role}`), snap, v2)
    expect(JSON.parse(res.body)).toMatchObject({ AccountId: '123456789012', Type: 'AWS-HMAC' })
  })

  it('answers 404 for another role name', () => {
    expect(routeImds(get('/latest/meta-data/iam/security-credentials/other'), snap, v2).status).toBe(404)
  })

  it('serves iam/info with the instance profile', () => {
    const body = JSON.parse(routeImds(get('/latest/meta-data/iam/info'), snap, v2).body) as Record<
      string,
      string
    >
    expect(body).toMatchObject({
      Code: 'Success',
      InstanceProfileArn: `arn:aws:iam::123456789012:instance-profile/${role}`,
    })
    expect(body.LastUpdated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  })
})

describe('identityDocument', () => {
  it('carries the real account and region', () => {
    const doc = JSON.parse(identityDocument(raw.instance)) as Record<string, unknown>
    expect(doc).toMatchObject({
      accountId: '123456789012',
      region: 'eu-west-1',
      availabilityZone: 'eu-west-1a',
      instanceId: raw.instance.instanceId,
      version: '2017-09-30',
      pendingTime: '2026-01-02T03:04:05Z',
    })
  })
})
