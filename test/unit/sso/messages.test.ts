import { describe, expect, it } from 'vitest'
import { browserTimeoutMs } from '../../../src/core/sso/login-flow.js'
import { exchangeError } from '../../../src/core/sso/pkce-flow.js'
import { profileNotFound } from '../../../src/core/sso/sso-profile.js'
import { parseAwsConfig } from '../../../src/shared/aws-config-file.js'

/** An SDK-shaped OIDC error. */
const oidcError = (name: string, description?: string) =>
  Object.assign(new Error('UnknownError'), {
    name,
    ...(description ? { error_description: description } : {}),
  })

describe('browserTimeoutMs', () => {
  it.each([
    [undefined, {}, 300_000],
    ['90s', {}, 90_000],
    [undefined, { SECRETS_BROWSER_TIMEOUT: '10m' }, 600_000],
    ['2s', { SECRETS_BROWSER_TIMEOUT: '10m' }, 2_000],
  ] as const)('flag %s, env %j → %i ms', (flag, env, ms) => expect(browserTimeoutMs(flag, env)).toBe(ms))

  it.each([['soon'], ['0s'], ['2h']])('refuses %s (exit 2)', (flag) =>
    expect(() => browserTimeoutMs(flag, {})).toThrow(expect.objectContaining({ exitCode: 2 })),
  )
})

describe('exchangeError', () => {
  it.each([
    ['InvalidGrantException', 'Code expired', 3, /rejected the sign-in code \(invalid_grant: Code expired\)/],
    ['InvalidGrantException', undefined, 3, /rejected the sign-in code \(invalid_grant\)\./],
    ['InternalServerException', undefined, 4, /exchanging the sign-in code/],
  ] as const)('%s (%s) → exit %i', (name, description, exitCode, message) => {
    const error = exchangeError(oidcError(name, description), 'secrets login --profile dev')
    expect(error).toMatchObject({ exitCode, message: expect.stringMatching(message) })
    if (exitCode === 3) {
      expect(error.message).not.toContain('UnknownError')
      expect(error).toMatchObject({ hint: 'run `secrets login --profile dev` again' })
    }
  })
})

describe('profileNotFound', () => {
  const config = parseAwsConfig('[profile dev]\nsso_session = corp\n[profile ci]\nregion = x\n')
  const env = { AWS_CONFIG_FILE: '/cfg' }
  it.each([
    ['nope', 'flag', 'Profile nope is not in the AWS config file /cfg.'],
    ['nope', 'AWS_PROFILE', 'Profile nope (from AWS_PROFILE) is not in the AWS config file /cfg.'],
    [
      'default',
      'default',
      'No AWS credentials: no profile given (--profile, AWS_PROFILE or "profile" in .secretsrc.json), the AWS config file /cfg has no [default] profile, and the environment has no AWS keys.',
    ],
  ] as const)('%s from %s', (profile, source, message) => {
    const error = profileNotFound(config, profile, source, env)
    expect(error).toMatchObject({ exitCode: 2, message })
    expect(error.hint).toContain('IAM Identity Center profiles: dev; other profiles: ci')
  })
  it('an empty file says how to add a profile', () => {
    expect(profileNotFound(parseAwsConfig(''), 'x', 'flag', env).hint).toContain('add [profile x]')
  })
})
