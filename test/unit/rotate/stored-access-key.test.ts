import { describe, expect, it } from 'vitest'
import {
  isSsoProfile,
  parseAccessKeyLines,
  parseProfileSettings,
  parseStoredAccessKey,
  profilesWithStoredKeys,
  validateAccessKeyId,
} from '../../../src/core/identity/index.js'

const ID = 'AKIAIOSFODNN7EXAMPLE'
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'

describe('validateAccessKeyId', () => {
  it.each([[ID], [`  ${ID}\n`]])('accepts %j', (id) => expect(validateAccessKeyId(id)).toBe(ID))
  it.each([
    ['ASIAIOSFODNN7EXAMPLE', /temporary/],
    ['AKIAiosfodnn7example', /not an IAM access key id/],
    ['AKIA123', /not an IAM access key id/],
    [SECRET, /not an IAM access key id/],
    ['', /not an IAM access key id/],
  ])('rejects %j', (id, message) => expect(() => validateAccessKeyId(id)).toThrow(message))
})

describe('parseAccessKeyLines', () => {
  it.each([[`${ID}\n${SECRET}\n`], [`${ID}\r\n${SECRET}`], [`\n${ID}\n\n${SECRET}\n\n`]])(
    'accepts %j',
    (text) => {
      expect(parseAccessKeyLines(text)).toEqual({ accessKeyId: ID, secretAccessKey: SECRET })
    },
  )
  it.each([
    ['', /got 0/],
    [`${ID}\n`, /got 1/],
    [`${ID}\n${SECRET}\nextra\n`, /got 3/],
    [`${SECRET}\n${ID}\n`, /not an IAM access key id/],
    [`${ID}\nshort\n`, /does not look like a secret access key/],
    [`${ID}\nhas space in it but long enough\n`, /does not look like a secret access key/],
  ])('rejects %j', (text, message) => expect(() => parseAccessKeyLines(text)).toThrow(message))
  it('never echoes the secret in its errors', () => {
    const bad = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLE KEY'
    try {
      parseAccessKeyLines(`${ID}\n${bad}\n`)
      expect.unreachable()
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('wJalrXUtnFEMI')
      expect(String((error as { hint?: string }).hint)).not.toContain('wJalrXUtnFEMI')
    }
  })
})

describe('parseStoredAccessKey', () => {
  it('round-trips the item', () => {
    const raw = JSON.stringify({
      version: 1,
      accessKeyId: ID,
      secretAccessKey: SECRET,
      created: '2026-01-01T00:00:00.000Z',
    })
    expect(parseStoredAccessKey(raw, 'dev')).toEqual({
      accessKeyId: ID,
      secretAccessKey: SECRET,
      created: '2026-01-01T00:00:00.000Z',
    })
  })
  it.each([['not json'], ['{}'], [JSON.stringify({ accessKeyId: ID, secretAccessKey: SECRET, created: 5 })]])(
    'rejects damaged %j without echoing it',
    (raw) => {
      expect(() => parseStoredAccessKey(raw, 'dev')).toThrow(/stored for profile dev is damaged/)
    },
  )
})

describe('profilesWithStoredKeys', () => {
  it('picks access-key items only', () => {
    expect(
      profilesWithStoredKeys(['aws-access-key:b', 'sts-session:b', 'local-store-key', 'aws-access-key:a']),
    ).toEqual(['a', 'b'])
  })
})

describe('parseProfileSettings / isSsoProfile', () => {
  const file = [
    '[default]',
    'region = eu-west-1',
    '',
    '[profile sso-dev]',
    'sso_session = corp ; comment',
    'sso_account_id = 111122223333',
    '[profile legacy]',
    'sso_start_url = https://example.awsapps.com/start',
    '[profile keys]',
    'region=us-west-2',
    's3 =',
    '  max_concurrent_requests = 20',
    '[sso-session corp]',
    'sso_region = us-east-1',
    '[bare]',
    'output = json',
  ].join('\n')
  it.each([
    ['default', { region: 'eu-west-1' }, false],
    ['sso-dev', { sso_session: 'corp', sso_account_id: '111122223333' }, true],
    ['legacy', { sso_start_url: 'https://example.awsapps.com/start' }, true],
    ['keys', { region: 'us-west-2', s3: '' }, false],
    // In the config file a profile needs `[profile NAME]`; a bare `[NAME]` is for the credentials file.
    ['bare', undefined, false],
    ['missing', undefined, false],
  ])('%s', (profile, settings, sso) => {
    const parsed = parseProfileSettings(file, profile)
    expect(parsed).toEqual(settings)
    expect(isSsoProfile(parsed)).toBe(sso)
  })
})
