import { describe, expect, it } from 'vitest'
import { parseAwsConfig } from '../../../src/shared/aws-config-file.js'
import { parseScopes, resolveSsoProfile } from '../../../src/core/sso/sso-profile.js'

const CONFIG = `
# comment
[default]
region = eu-west-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start   # inline comment
sso_region = us-east-1
sso_registration_scopes = sso:account:access, codewhisperer:completions

[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Developer
region = eu-central-1
s3 =
  max_concurrent_requests = 20

[profile pick]
sso_session = corp

[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 222222222222
sso_role_name = Admin

[profile static]
region = us-west-2

[profile broken]
sso_session = missing

[profile conflict]
sso_session = corp
sso_region = eu-west-3

[profile noregion]
sso_start_url = https://x.awsapps.com/start

[sso-session incomplete]
sso_region = us-east-1

[profile uses-incomplete]
sso_session = incomplete

; semicolon comment
[unknown kind]
foo = bar
`

describe('parseAwsConfig', () => {
  const config = parseAwsConfig(CONFIG)
  it.each([
    ['default', 'region', 'eu-west-1'],
    ['dev', 'region', 'eu-central-1'],
    ['dev', 'sso_session', 'corp'],
    ['legacy', 'sso_role_name', 'Admin'],
  ])('profile %s has %s = %s', (profile, key, value) => {
    expect(config.profiles[profile]?.[key]).toBe(value)
  })
  it('reads sso-session sections and strips inline comments', () => {
    expect(config.ssoSessions.corp?.sso_start_url).toBe('https://corp.awsapps.com/start')
  })
  it('skips nested settings and unknown sections', () => {
    expect(config.profiles.dev?.max_concurrent_requests).toBeUndefined()
    expect(Object.keys(config.profiles)).not.toContain('unknown kind')
  })
  it('handles CRLF and empty text', () => {
    expect(parseAwsConfig('[profile a]\r\nregion = x\r\n').profiles.a?.region).toBe('x')
    expect(parseAwsConfig('')).toEqual({ profiles: {}, ssoSessions: {} })
  })
})

describe('resolveSsoProfile', () => {
  const config = parseAwsConfig(CONFIG)
  it.each([
    [
      'dev',
      {},
      {
        sessionName: 'corp',
        startUrl: 'https://corp.awsapps.com/start',
        ssoRegion: 'us-east-1',
        accountId: '111111111111',
        roleName: 'Developer',
        region: 'eu-central-1',
        scopes: ['sso:account:access', 'codewhisperer:completions'],
        loginCommand: 'secrets login --profile dev',
      },
    ],
    ['pick', { accountId: '9', roleName: 'R' }, { sessionName: 'corp', accountId: '9', roleName: 'R' }],
    ['dev', { accountId: '9', roleName: 'R' }, { accountId: '111111111111', roleName: 'Developer' }],
    [
      'legacy',
      {},
      {
        sessionName: 'https://legacy.awsapps.com/start',
        ssoRegion: 'eu-west-1',
        scopes: ['sso:account:access'],
        roleName: 'Admin',
      },
    ],
    [
      undefined,
      { startUrl: 'https://adhoc.awsapps.com/start', ssoRegion: 'ap-south-1' },
      {
        sessionName: 'https://adhoc.awsapps.com/start',
        ssoRegion: 'ap-south-1',
        loginCommand: 'secrets login --sso-start-url https://adhoc.awsapps.com/start --sso-region ap-south-1',
      },
    ],
  ])('resolves %s %j', (profile, overrides, expected) => {
    expect(resolveSsoProfile(config, profile, overrides)).toMatchObject(expected)
  })

  it.each([['static'], ['nonexistent']])('returns undefined for non-SSO profile %s', (profile) => {
    expect(resolveSsoProfile(config, profile)).toBeUndefined()
  })

  it.each([
    ['broken', {}, /not in the AWS config file/],
    ['conflict', {}, /sets sso_region differently/],
    ['noregion', {}, /No sso_region/],
    ['uses-incomplete', {}, /has no sso_start_url/],
    [undefined, {}, /No IAM Identity Center profile/],
  ])('rejects %s', (profile, overrides, message) => {
    expect(() => resolveSsoProfile(config, profile, overrides)).toThrow(message)
  })
})

describe('parseScopes', () => {
  it.each([
    [undefined, ['sso:account:access']],
    ['', ['sso:account:access']],
    ['a, b ,c', ['a', 'b', 'c']],
  ])('%j → %j', (input, expected) => expect(parseScopes(input)).toEqual(expected))
})

describe('parseAwsConfig: the credentials file', () => {
  it('names profiles bare and keeps [default]', () => {
    const text =
      '[default]\naws_access_key_id = AKIADEFAULT\n[team]\naws_access_key_id = AKIATEAM\n[profile odd]\nx = 1\n'
    expect(parseAwsConfig(text, 'credentials').profiles).toEqual({
      default: { aws_access_key_id: 'AKIADEFAULT' },
      team: { aws_access_key_id: 'AKIATEAM' },
      'profile odd': { x: '1' },
    })
    expect(parseAwsConfig(text, 'config').profiles).toEqual({
      default: { aws_access_key_id: 'AKIADEFAULT' },
      odd: { x: '1' },
    })
  })
})
