import { describe, expect, it } from 'vitest'
import { buildInstanceInfo, roleNameFrom } from '../../../src/core/imds/instance-info.js'
import { extendNoProxy } from '../../../src/core/imds/child-emulator.js'
import { exportLines } from '../../../src/core/imds/foreground.js'
import { parseRoleArn } from '../../../src/core/imds/emulator.js'

describe('roleNameFrom', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/app', 'app'],
    ['arn:aws:iam::123456789012:role/path/to/app', 'app'],
    [
      'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Dev_abc/alice@example.com',
      'AWSReservedSSO_Dev_abc',
    ],
    ['arn:aws:iam::123456789012:user/alice', 'secrets-alice'],
    ['arn:aws:sts::123456789012:federated-user/bob', 'secrets-dev'],
    ['', 'secrets-dev'],
  ])('%s → %s', (arn, name) => expect(roleNameFrom(arn)).toBe(name))
})

describe('buildInstanceInfo', () => {
  const base = {
    accountId: '123456789012',
    region: 'us-east-1',
    callerArn: 'arn:aws:sts::123456789012:assumed-role/app/s',
    seed: 'a',
    startedAt: new Date(0),
  }
  it('is stable for one seed and differs for another', () => {
    expect(buildInstanceInfo(base).instanceId).toBe(buildInstanceInfo(base).instanceId)
    expect(buildInstanceInfo({ ...base, seed: 'b' }).instanceId).not.toBe(buildInstanceInfo(base).instanceId)
  })
  it.each([
    [{}, 'app', 'arn:aws:iam::123456789012:role/app'],
    [{ roleArn: 'arn:aws:iam::123456789012:role/x/y' }, 'y', 'arn:aws:iam::123456789012:role/x/y'],
    [{ callerArn: 'arn:aws:iam::123456789012:user/u' }, 'secrets-u', 'arn:aws:iam::123456789012:user/u'],
  ])('%j → role %s', (extra, roleName, roleArn) => {
    const info = buildInstanceInfo({ ...base, ...extra })
    expect(info).toMatchObject({ roleName, roleArn })
  })
  it('looks like EC2', () => {
    const info = buildInstanceInfo(base)
    expect(info.instanceId).toMatch(/^i-[0-9a-f]{17}$/)
    expect(info.amiId).toMatch(/^ami-[0-9a-f]{17}$/)
    expect(info.mac).toMatch(/^02(:[0-9a-f]{2}){5}$/)
    expect(info.localIpv4).toMatch(/^10\.\d+\.\d+\.\d+$/)
    expect(info.hostname).toBe(`ip-${info.localIpv4.replace(/\./g, '-')}.ec2.internal`)
  })
})

describe('extendNoProxy', () => {
  it.each([
    [undefined, '127.0.0.1'],
    ['', '127.0.0.1'],
    ['corp.example', 'corp.example,127.0.0.1'],
    ['a, b', 'a,b,127.0.0.1'],
    ['127.0.0.1,a', '127.0.0.1,a'],
  ])('%j → %j', (current, expected) => expect(extendNoProxy(current, '127.0.0.1')).toBe(expected))
})

describe('exportLines', () => {
  it('unsets competing sources and quotes values for the shell', () => {
    expect(exportLines({ A: "x'y" }, ['K'])).toBe(`unset K\nexport A='x'\\''y'`)
  })

  it('sets the ECS token from its file when evaluated, without printing it', () => {
    expect(exportLines({ AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/tmp/d/token' }, ['K'])).toBe(
      [
        'unset K',
        "export AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE='/tmp/d/token'",
        `export AWS_CONTAINER_AUTHORIZATION_TOKEN="$(cat '/tmp/d/token')"`,
      ].join('\n'),
    )
  })
})

describe('parseRoleArn', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/app', true],
    ['arn:aws-us-gov:iam::123456789012:role/path/app', true],
    ['arn:aws:iam::123456789012:user/app', false],
    ['arn:aws:iam::12345:role/app', false],
    ['app', false],
  ])('%s valid=%j', (arn, ok) => {
    if (ok) expect(parseRoleArn(arn)).toBe(arn)
    else expect(() => parseRoleArn(arn)).toThrow(/not an IAM role ARN/)
  })
})
