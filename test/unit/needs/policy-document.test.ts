import { describe, expect, it } from 'vitest'
import {
  buildPolicy,
  kmsFromKeyIds,
  packedPolicy,
  sessionPolicyText,
  MANAGED_POLICY_LIMIT,
} from '../../../src/core/needs/index.js'
import type { NeedsConfig } from '../../../src/core/config/index.js'

const at = { partition: 'aws', region: 'eu-west-1', accountId: '123456789012' }
const needs: NeedsConfig = {
  aws: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::assets/*'] }],
  notes: [],
}

describe('buildPolicy', () => {
  it('grants exactly the parameters: each prefix and everything below it, plus exact references', () => {
    const { document } = buildPolicy({
      ...at,
      paths: ['/myapp/dev'],
      parameters: ['/shared/db/url'],
      needs,
      kms: { kind: 'assumed-managed' },
    })
    expect(document.Statement[0]).toEqual({
      Sid: 'ReadParameters',
      Effect: 'Allow',
      Action: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
      Resource: [
        'arn:aws:ssm:eu-west-1:123456789012:parameter/myapp/dev',
        'arn:aws:ssm:eu-west-1:123456789012:parameter/myapp/dev/*',
        'arn:aws:ssm:eu-west-1:123456789012:parameter/shared/db/url',
      ],
    })
    expect(document.Statement[1]).toMatchObject({
      Sid: 'DecryptParametersByAlias',
      Action: ['kms:Decrypt'],
      Condition: {
        StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' },
        'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/aws/ssm' },
      },
    })
    expect(document.Statement[2]).toEqual({
      Sid: 'Need0',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: ['arn:aws:s3:::assets/*'],
    })
  })

  it('is deterministic whatever the input order', () => {
    const a = buildPolicy({
      ...at,
      paths: ['/b', '/a'],
      parameters: ['/z', '/y'],
      needs,
      kms: { kind: 'assumed-managed' },
    })
    const b = buildPolicy({
      ...at,
      paths: ['/a', '/b'],
      parameters: ['/y', '/z'],
      needs,
      kms: { kind: 'assumed-managed' },
    })
    expect(packedPolicy(a.document)).toBe(packedPolicy(b.document))
  })

  it('names the keys DescribeParameters found; no KMS statement when nothing is a SecureString', () => {
    const kms = kmsFromKeyIds(['1234abcd-12ab-34cd-56ef-1234567890ab', 'alias/aws/ssm'], at)
    const { document } = buildPolicy({ ...at, paths: ['/a'], parameters: [], needs: undefined, kms })
    expect(document.Statement.map((s) => s.Sid)).toEqual([
      'ReadParameters',
      'DecryptParameters',
      'DecryptParametersByAlias',
    ])
    expect(document.Statement[1]?.Resource).toEqual([
      'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    ])
    const none = buildPolicy({
      ...at,
      paths: ['/a'],
      parameters: [],
      needs: undefined,
      kms: kmsFromKeyIds([], at),
    })
    expect(none.document.Statement.map((s) => s.Sid)).toEqual(['ReadParameters'])
  })

  it('notes a statement broader than a path', () => {
    const wide: NeedsConfig = {
      aws: [
        { actions: ['ssm:GetParameter'], resources: ['arn:aws:ssm:eu-west-1:123456789012:parameter/my*'] },
      ],
      notes: [],
    }
    const { notes } = buildPolicy({
      ...at,
      paths: ['/'],
      parameters: [],
      needs: wide,
      kms: { kind: 'assumed-managed' },
    })
    expect(notes).toEqual([
      expect.stringMatching(/"paths" includes "\/"/),
      expect.stringMatching(/needs\.aws\[0\]\.resources.*broader than one path/),
    ])
  })

  it('a session policy over 2,048 characters is refused naming the largest statements first', () => {
    const big: NeedsConfig = {
      aws: [
        { actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:eu-west-1:123456789012:q'] },
        {
          actions: ['s3:GetObject'],
          resources: Array.from({ length: 50 }, (_, i) => `arn:aws:s3:::bucket-with-a-long-name-${i}/*`),
        },
      ],
      notes: [],
    }
    const { document } = buildPolicy({
      ...at,
      paths: ['/a'],
      parameters: [],
      needs: big,
      kms: { kind: 'assumed-managed' },
    })
    expect(() => sessionPolicyText(document)).toThrow(
      /STS allows 2,048\. Largest statements: needs\.aws\[1\] \(\d+\), /,
    )
    const small = buildPolicy({
      ...at,
      paths: ['/a'],
      parameters: [],
      needs,
      kms: { kind: 'assumed-managed' },
    })
    expect(JSON.parse(sessionPolicyText(small.document))).toEqual(small.document)
    expect(MANAGED_POLICY_LIMIT).toBe(6144)
  })
})
