import { describe, expect, it } from 'vitest'
import { chooseLoginFlow } from '../../../src/core/sso/login-flow.js'
import { browserCandidates, openUrl } from '../../../src/core/sso/open-url.js'
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

describe('browserCandidates ($BROWSER convention: colon list, %s, no shell)', () => {
  const url = 'https://x/authorize?a=1&b=2'
  it.each([
    [
      { BROWSER: 'firefox:chromium' },
      'linux',
      [
        ['firefox', [url]],
        ['chromium', [url]],
      ],
    ],
    [{ BROWSER: 'firefox --new-tab %s' }, 'linux', [['firefox', ['--new-tab', url]]]],
    [{ BROWSER: 'firefox --new-tab' }, 'linux', [['firefox', ['--new-tab', url]]]],
    [
      { BROWSER: 'nope %s:  w3m  ' },
      'linux',
      [
        ['nope', [url]],
        ['w3m', [url]],
      ],
    ],
    [{ BROWSER: 'b --x=%s --pct=100%%' }, 'linux', [['b', [`--x=${url}`, '--pct=100%']]]],
    [{ BROWSER: 'a $(rm -rf ~) %s' }, 'linux', [['a', ['$(rm', '-rf', '~)', url]]]],
    [{ BROWSER: ' : ' }, 'linux', []],
    [{}, 'darwin', [['open', [url]]]],
    [{}, 'win32', [['explorer.exe', [url]]]],
    [{}, 'linux', [['xdg-open', [url]]]],
  ] as const)('%j on %s', (env, platform, expected) => {
    expect(browserCandidates(url, env, platform)).toEqual(expected)
  })
})

describe('openUrl', () => {
  it('tries the candidates in order: a missing command and a failing one give way', async () => {
    const env = { ...process.env, BROWSER: 'no-such-browser-xyz %s:false %s:true %s' }
    await expect(openUrl('http://127.0.0.1:1/', env, 'linux', 5000)).resolves.toBeUndefined()
  })

  it('rejects, naming each command, when none starts', async () => {
    const env = { ...process.env, BROWSER: 'no-such-browser-xyz:false' }
    await expect(openUrl('http://127.0.0.1:1/', env, 'linux', 5000)).rejects.toThrow(
      /no-such-browser-xyz: ENOENT; false: exit status 1/,
    )
  })

  it('a browser still running after the window counts as started', async () => {
    // `sleep 3 1` (the "URL" is 1) runs for 4 s: longer than the 200 ms window.
    const env = { ...process.env, BROWSER: 'sleep 3' }
    const started = Date.now()
    await expect(openUrl('1', env, 'linux', 200)).resolves.toBeUndefined()
    expect(Date.now() - started).toBeLessThan(2000)
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
