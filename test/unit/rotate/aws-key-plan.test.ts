import { describe, expect, it } from 'vitest'
import {
  describeFailure,
  describeKeys,
  iamUserNameFromArn,
  keyLimitNextStep,
  planAwsKeyRotation,
  propagationDelays,
  type FailureFacts,
  type IamAccessKey,
} from '../../../src/core/rotate/aws-key-plan.js'

const OLD = 'AKIAOLDOLDOLDOLDOLD1'
const OTHER = 'AKIAOTHEROTHEROTHER2' // secrets:allow (a made-up key id)
const active = (id: string): IamAccessKey => ({ accessKeyId: id, status: 'Active' })
const inactive = (id: string): IamAccessKey => ({ accessKeyId: id, status: 'Inactive' })

describe('planAwsKeyRotation', () => {
  it.each([
    [
      'one key → full rotation',
      [active(OLD)],
      false,
      { kind: 'rotate', steps: ['create', 'verify', 'store', 'discard-sessions', 'deactivate', 'delete'] },
    ],
    [
      '--keep-old stops after deactivate',
      [active(OLD)],
      true,
      { kind: 'rotate', steps: ['create', 'verify', 'store', 'discard-sessions', 'deactivate'] },
    ],
    [
      'two keys → limit, naming the other',
      [active(OLD), inactive(OTHER)],
      false,
      { kind: 'key-limit', others: [inactive(OTHER)] },
    ],
    [
      'two active keys → limit',
      [active(OTHER), active(OLD)],
      true,
      { kind: 'key-limit', others: [active(OTHER)] },
    ],
    ['stored key missing from IAM', [active(OTHER)], false, { kind: 'stored-key-unknown' }],
    ['stored key inactive', [inactive(OLD)], false, { kind: 'stored-key-inactive' }],
  ])('%s', (_name, keys, keepOld, expected) => {
    expect(planAwsKeyRotation({ userName: 'alice', storedKeyId: OLD, keys, keepOld })).toEqual(expected)
  })
})

describe('propagationDelays', () => {
  it.each([
    [1, 500, 5000, []],
    [4, 500, 5000, [500, 1000, 2000]],
    [8, 500, 5000, [500, 1000, 2000, 4000, 5000, 5000, 5000]],
    [3, 100, 150, [100, 150]],
  ])('attempts=%i base=%i cap=%i', (attempts, base, cap, expected) => {
    expect(propagationDelays(attempts, base, cap)).toEqual(expected)
  })
  it('is bounded by default (under 30 s in all)', () => {
    expect(propagationDelays().reduce((a, b) => a + b, 0)).toBeLessThan(30_000)
  })
})

describe('iamUserNameFromArn', () => {
  it.each([
    ['arn:aws:iam::123456789012:user/alice', 'alice'],
    ['arn:aws:iam::123456789012:user/division/team/bob.smith', 'bob.smith'],
    ['arn:aws-us-gov:iam::123456789012:user/x+y=z,a@b-c', 'x+y=z,a@b-c'],
    ['arn:aws:sts::123456789012:assumed-role/Admin/alice', undefined],
    ['arn:aws:iam::123456789012:root', undefined],
    ['arn:aws:sts::123456789012:user/moto', undefined],
    ['', undefined],
  ])('%s → %s', (arn, expected) => {
    expect(iamUserNameFromArn(arn)).toBe(expected)
  })
})

describe('describeKeys / keyLimitNextStep', () => {
  const now = new Date('2026-01-31T00:00:00Z')
  it('lists age, last use and which key is stored', () => {
    const lines = describeKeys(
      [
        {
          accessKeyId: OLD,
          status: 'Active',
          created: new Date('2026-01-01T00:00:00Z'),
          lastUsed: new Date('2026-01-30T22:00:00Z'),
          lastService: 'sts',
        },
        { accessKeyId: OTHER, status: 'Inactive', created: new Date('2025-12-01T00:00:00Z') },
        { accessKeyId: 'AKIATHIRD', status: 'Active', lastUseUnknown: true },
      ],
      OLD,
      now,
    )
    expect(lines).toEqual([
      `${OLD}  Active  created 30d ago, last used 2h ago (sts) [stored by secrets]`,
      `${OTHER}  Inactive  created 61d ago, never used`,
      'AKIATHIRD  Active  age unknown, last use unknown',
    ])
  })
  it.each([
    [
      'Inactive' as const,
      /is inactive, so nothing can be using it: delete it \(`aws iam delete-access-key --user-name alice --access-key-id AKIAOTHER/,
    ],
    [
      'Active' as const,
      /may be used elsewhere.*deactivate it.*--status Inactive.*check that nothing breaks.*delete it/,
    ],
  ])('next step for an %s other key', (status, expected) => {
    expect(keyLimitNextStep({ accessKeyId: OTHER, status }, 'alice', 'dev')).toMatch(expected)
  })
})

describe('describeFailure', () => {
  const base: FailureFacts = {
    step: 'create',
    profile: 'dev',
    userName: 'alice',
    oldKeyId: OLD,
    rollback: 'not-needed',
    reason: 'LimitExceeded',
    keepOld: false,
  }
  const NEW = 'AKIANEWNEWNEWNEWNEW3'
  it.each<[string, Partial<FailureFacts>, { kind: string; code: string; message: RegExp; hint: RegExp }]>([
    [
      'create fails',
      {},
      {
        kind: 'remote',
        code: 'RotateFailed',
        message:
          /failed at step "create the new key.*Nothing was changed.*AKIAOLD.* is still active and stored/,
        hint: /run `secrets rotate aws-key --profile dev` again/,
      },
    ],
    [
      'verify fails, rolled back',
      { step: 'verify', newKeyId: NEW, rollback: 'deleted' },
      {
        kind: 'remote',
        code: 'RotateFailed',
        message:
          /"verify the new key.*Rolled back: the new key AKIANEW\w+ was deleted.*still active and stored/,
        hint: /again/,
      },
    ],
    [
      'store fails, rolled back',
      { step: 'store', newKeyId: NEW, rollback: 'deleted' },
      {
        kind: 'local',
        code: 'RotateFailed',
        message: /"store the new key in the keychain".*Rolled back/,
        hint: /again/,
      },
    ],
    [
      'rollback delete fails',
      { step: 'verify', newKeyId: NEW, rollback: 'delete-failed' },
      {
        kind: 'remote',
        code: 'RotateRollbackIncomplete',
        message: /deleting the new key AKIANEW\w+ also failed.*never stored.*still active and stored/,
        hint: /delete-access-key --user-name alice --access-key-id AKIANEW/,
      },
    ],
    [
      'keychain state unknown',
      { step: 'store', newKeyId: NEW, rollback: 'kept-keychain-unknown' },
      {
        kind: 'local',
        code: 'RotateKeychainUnknown',
        message: /both the old key .* and the new key .* were left active/,
        hint: /secrets rotate --check/,
      },
    ],
    [
      'deactivate fails',
      { step: 'deactivate', newKeyId: NEW },
      {
        kind: 'remote',
        code: 'OldKeyStillActive',
        message: /new key AKIANEW\w+ is verified and stored.*old key AKIAOLD\w+ is still Active/,
        hint: /update-access-key .*--access-key-id AKIAOLD\w+ --status Inactive.*delete-access-key/,
      },
    ],
    [
      'deactivate fails with --keep-old',
      { step: 'deactivate', newKeyId: NEW, keepOld: true },
      { kind: 'remote', code: 'OldKeyStillActive', message: /still Active/, hint: /--status Inactive`\)\.$/ },
    ],
    [
      'delete fails',
      { step: 'delete', newKeyId: NEW },
      {
        kind: 'remote',
        code: 'OldKeyNotDeleted',
        message: /old key AKIAOLD\w+ is Inactive but not deleted/,
        hint: /delete-access-key --user-name alice --access-key-id AKIAOLD/,
      },
    ],
  ])('%s', (_name, facts, expected) => {
    const report = describeFailure({ ...base, ...facts })
    expect(report.kind).toBe(expected.kind)
    expect(report.code).toBe(expected.code)
    expect(report.message).toMatch(expected.message)
    expect(report.hint).toMatch(expected.hint)
  })
})
