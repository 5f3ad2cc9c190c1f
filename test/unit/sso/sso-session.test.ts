import { describe, expect, it } from 'vitest'
import {
  credentialsFresh,
  parseRoleCache,
  parseSession,
  registrationUsable,
  tokenState,
  type SsoSession,
} from '../../../src/core/sso/sso-session.js'

const NOW = new Date('2026-01-01T12:00:00Z')
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString()
const registration = (
  expiresInMin: number,
  grants = ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
) => ({
  clientId: 'c',
  clientSecret: 's',
  expiresAt: at(expiresInMin),
  grantTypes: grants,
  scopes: ['sso:account:access'],
})
const session = (tokenMin: number | undefined, refresh: boolean, regMin = 90 * 1440): SsoSession => ({
  version: 1,
  sessionName: 'corp',
  startUrl: 'u',
  ssoRegion: 'us-east-1',
  registration: registration(regMin),
  ...(tokenMin === undefined
    ? {}
    : { tokens: { accessToken: 'a', expiresAt: at(tokenMin), ...(refresh ? { refreshToken: 'r' } : {}) } }),
})

describe('tokenState', () => {
  it.each([
    ['no session', undefined, 'login'],
    ['no tokens', session(undefined, true), 'login'],
    ['60 min left', session(60, true), 'valid'],
    ['16 min left', session(16, true), 'valid'],
    ['14 min left, refreshable', session(14, true), 'refresh'],
    ['expired, refreshable', session(-5, true), 'refresh'],
    ['14 min left, no refresh token', session(14, false), 'valid'],
    ['expired, no refresh token', session(-1, false), 'login'],
    ['expired, registration expired', session(-1, true, -10), 'login'],
    ['expired, registration expires in an hour', session(-1, true, 60), 'refresh'],
  ] as const)('%s → %s', (_label, value, expected) => {
    expect(tokenState(value, NOW)).toBe(expected)
  })
})

describe('registrationUsable', () => {
  it.each([
    ['fresh, grants present', registration(90 * 1440), ['refresh_token'], true],
    ['expires within a day', registration(600), ['refresh_token'], false],
    ['missing grant', registration(90 * 1440, ['refresh_token']), ['authorization_code'], false],
    ['none', undefined, [], false],
  ] as const)('%s → %s', (_label, reg, grants, expected) => {
    expect(registrationUsable(reg, NOW, [...grants])).toBe(expected)
  })
})

describe('credentialsFresh', () => {
  it.each([
    [at(60), true],
    [at(16), true],
    [at(14), false],
    [at(-1), false],
    [undefined, false],
  ])('%s → %s', (expiration, expected) => expect(credentialsFresh(expiration, NOW)).toBe(expected))
})

describe('parsing stored items', () => {
  it.each([undefined, '', 'not json', '{"version":2}', 'null'])('treats %j as signed out', (text) => {
    expect(parseSession(text)).toBeUndefined()
    expect(parseRoleCache(text)).toBeUndefined()
  })
  it('round-trips', () => {
    const s = session(60, true)
    expect(parseSession(JSON.stringify(s))).toEqual(s)
  })
})
