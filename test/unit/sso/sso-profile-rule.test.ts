import { describe, expect, it } from 'vitest'
import { isSsoProfile as identityIsSsoProfile } from '../../../src/core/identity/index.js'
import { resolveSsoProfile } from '../../../src/core/sso/index.js'
import { isSsoProfile, parseAwsConfig } from '../../../src/shared/aws-config-file.js'
import { SecretsError } from '../../../src/shared/errors.js'

/**
 * The one rule for "is this an SSO profile" (as the AWS CLI and SDKs decide: any of
 * sso_session, sso_start_url, sso_region, sso_account_id, sso_role_name), and what
 * resolveSsoProfile makes of each kind. Before issue #11, rotate/add-key ignored
 * sso_region and sso login ignored everything but sso_session/sso_start_url: the rows
 * marked "changed" are the cases where the two old rules disagreed with this one.
 */
const CONFIG = parseAwsConfig(
  [
    '[sso-session corp]',
    'sso_start_url = https://corp.awsapps.com/start',
    'sso_region = us-east-1',
    '[profile session]',
    'sso_session = corp',
    '[profile legacy]',
    'sso_start_url = https://legacy.awsapps.com/start',
    'sso_region = eu-west-1',
    '[profile region-only]',
    'sso_region = eu-west-1',
    '[profile account-only]',
    'sso_account_id = 111111111111',
    '[profile role-only]',
    'sso_role_name = Developer',
    '[profile keys]',
    'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
    'region = eu-west-1',
    '[profile plain]',
    'region = eu-west-1',
  ].join('\n'),
)

type Outcome = 'sso' | 'not-sso' | `error:${string}`

function resolved(profile: string): Outcome {
  try {
    return resolveSsoProfile(CONFIG, profile) ? 'sso' : 'not-sso'
  } catch (error) {
    return `error:${error instanceof SecretsError ? error.code : String(error)}`
  }
}

describe('the SSO profile rule', () => {
  it.each<[string, boolean, Outcome]>([
    ['session', true, 'sso'],
    ['legacy', true, 'sso'],
    // changed: rotate/add-key treated it as a key profile; login said "not an SSO profile".
    ['region-only', true, 'error:SsoConfigIncomplete'],
    // changed: login said "not an SSO profile" (rotate/add-key already refused it as SSO).
    ['account-only', true, 'error:SsoConfigIncomplete'],
    ['role-only', true, 'error:SsoConfigIncomplete'],
    ['keys', false, 'not-sso'],
    ['plain', false, 'not-sso'],
    ['missing', false, 'not-sso'],
  ])('%s: isSsoProfile %s, resolveSsoProfile %s', (profile, sso, outcome) => {
    const settings = CONFIG.profiles[profile]
    expect(isSsoProfile(settings)).toBe(sso)
    expect(identityIsSsoProfile(settings)).toBe(sso)
    expect(resolved(profile)).toBe(outcome)
  })

  it('an incomplete SSO profile still works with --sso-start-url', () => {
    expect(
      resolveSsoProfile(CONFIG, 'account-only', {
        startUrl: 'https://x.awsapps.com/start',
        ssoRegion: 'us-east-1',
      }),
    ).toMatchObject({ accountId: '111111111111', startUrl: 'https://x.awsapps.com/start' })
  })
})
