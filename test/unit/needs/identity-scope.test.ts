import { describe, expect, it } from 'vitest'
import { decideScope, roleSessionName } from '../../../src/core/needs/index.js'
import type { NeedsConfig } from '../../../src/core/config/index.js'

const ROLE = 'arn:aws:iam::123456789012:role/app'
const needs: NeedsConfig = {
  aws: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }],
  notes: [],
}
const base = {
  paths: ['/app/dev'],
  parameters: [],
  projectDir: '/home/a/myapp',
  user: 'alice',
  unscoped: false,
}

describe('decideScope', () => {
  it('no needs declared: as before (the flag role, unrestricted)', () => {
    expect(decideScope({ ...base, needs: undefined, roleArn: ROLE })).toMatchObject({
      kind: 'undeclared',
      roleArn: ROLE,
    })
  })

  it('needs with a role: AssumeRole with the session policy for the region', () => {
    const scope = decideScope({ ...base, needs: { ...needs, role: ROLE }, roleArn: undefined })
    expect(scope.kind).toBe('scoped')
    if (scope.kind !== 'scoped') return
    expect(scope.roleArn).toBe(ROLE)
    const policy = JSON.parse(scope.sessionPolicy('eu-west-1')) as {
      Statement: { Sid: string; Resource: string[] }[]
    }
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'ReadParameters',
      'DecryptParametersByAlias',
      'Need0',
    ])
    expect(policy.Statement[0]?.Resource).toContain('arn:aws:ssm:eu-west-1:123456789012:parameter/app/dev/*')
  })

  it('--role-arn wins over needs.role', () => {
    const other = 'arn:aws:iam::210987654321:role/other'
    const scope = decideScope({ ...base, needs: { ...needs, role: ROLE }, roleArn: other })
    expect(scope).toMatchObject({ kind: 'scoped', roleArn: other })
  })

  it('needs without any role: refused with why and how', () => {
    expect(() => decideScope({ ...base, needs, roleArn: undefined })).toThrow(/cannot be narrowed/)
  })

  it('--unscoped: the full identity, with a warning', () => {
    expect(decideScope({ ...base, needs, roleArn: undefined, unscoped: true })).toMatchObject({
      kind: 'unscoped',
      warning: expect.stringMatching(/full AWS identity/),
    })
  })
})

describe('roleSessionName', () => {
  it.each([
    ['alice', '/home/alice/myapp', 'secrets-alice@myapp'],
    ['a b', '/x/my app', 'secrets-a-b@my-app'],
    ['alice', undefined, 'secrets-alice'],
    ['u'.repeat(80), '/p/'.concat('x'.repeat(80)), `secrets-${'u'.repeat(24)}@${'x'.repeat(31)}`],
  ])('%s in %s → %s', (user, dir, name) => {
    expect(roleSessionName(user, dir)).toBe(name)
    expect(name.length).toBeLessThanOrEqual(64)
  })
})
