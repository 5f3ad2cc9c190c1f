import { describe, expect, it } from 'vitest'
import { chooseLoginFlow } from '../../../src/core/sso/login-flow.js'
import { openerFor } from '../../../src/core/sso/open-url.js'
import { awsEnvFor } from '../../../src/core/sso/aws-env.js'
import { toCredentialProcess } from '../../../src/core/sso/credential-process.js'

describe('chooseLoginFlow', () => {
  it.each([
    [{ noBrowser: true }, { DISPLAY: ':0' }, 'linux', 'device'],
    [{ deviceCode: true }, {}, 'darwin', 'device'],
    [{}, { BROWSER: '/usr/bin/firefox', SSH_TTY: '/dev/pts/1' }, 'linux', 'browser'],
    [{}, { CI: 'true' }, 'darwin', 'device'],
    [{}, { CI: '0', DISPLAY: ':0' }, 'linux', 'browser'],
    [{}, { SSH_CONNECTION: '1 2 3 4' }, 'darwin', 'device'],
    [{}, {}, 'darwin', 'browser'],
    [{}, {}, 'win32', 'browser'],
    [{}, { DISPLAY: ':0' }, 'linux', 'browser'],
    [{}, { WAYLAND_DISPLAY: 'wayland-0' }, 'linux', 'browser'],
    [{}, {}, 'linux', 'device'],
  ] as const)('%j %j on %s → %s', (flags, env, platform, expected) => {
    expect(chooseLoginFlow(flags, env, platform).flow).toBe(expected)
  })
})

describe('openerFor', () => {
  const url = 'https://x/authorize?a=1&b=2'
  it.each([
    [{ BROWSER: 'firefox:chromium' }, 'linux', ['firefox', [url]]],
    [{}, 'darwin', ['open', [url]]],
    [{}, 'win32', ['explorer.exe', [url]]],
    [{}, 'linux', ['xdg-open', [url]]],
  ] as const)('%j on %s', (env, platform, expected) => {
    expect(openerFor(url, env, platform)).toEqual(expected)
  })
})

describe('awsEnvFor', () => {
  const expiration = new Date('2026-01-01T13:00:00Z')
  it.each([
    [
      'session credentials with region',
      { accessKeyId: 'ASIA1', secretAccessKey: 'sk', sessionToken: 'st', expiration },
      'eu-west-1',
      {
        set: {
          AWS_ACCESS_KEY_ID: 'ASIA1',
          AWS_SECRET_ACCESS_KEY: 'sk',
          AWS_SESSION_TOKEN: 'st',
          AWS_CREDENTIAL_EXPIRATION: '2026-01-01T13:00:00.000Z',
          AWS_REGION: 'eu-west-1',
          AWS_DEFAULT_REGION: 'eu-west-1',
        },
        unset: ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SECURITY_TOKEN'],
      },
    ],
    [
      'no token, no expiry, no region',
      { accessKeyId: 'AKIA1', secretAccessKey: 'sk' },
      undefined,
      {
        set: { AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 'sk' },
        unset: [
          'AWS_PROFILE',
          'AWS_DEFAULT_PROFILE',
          'AWS_SECURITY_TOKEN',
          'AWS_SESSION_TOKEN',
          'AWS_CREDENTIAL_EXPIRATION',
        ],
      },
    ],
  ])('%s', (_label, credentials, region, expected) => {
    expect(awsEnvFor(credentials, region)).toEqual(expected)
  })
})

describe('toCredentialProcess', () => {
  it('formats Version 1', () => {
    expect(
      toCredentialProcess({
        accessKeyId: 'A',
        secretAccessKey: 'S',
        sessionToken: 'T',
        expiration: '2026-01-01T13:00:00Z',
      }),
    ).toEqual({
      Version: 1,
      AccessKeyId: 'A',
      SecretAccessKey: 'S',
      SessionToken: 'T',
      Expiration: '2026-01-01T13:00:00.000Z',
    })
  })
})
