import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  createTokenIssuer,
  issueToken,
  parseTokenTtl,
  secretEquals,
  verifyToken,
} from '../../../src/core/imds/metadata-token.js'
import { NOW } from './fixtures.js'

describe('parseTokenTtl', () => {
  it.each([
    ['1', 1],
    ['21600', 21600],
    [' 60 ', 60],
    [undefined, undefined],
    ['', undefined],
    ['0', undefined],
    ['21601', undefined],
    ['-5', undefined],
    ['1.5', undefined],
    ['abc', undefined],
    ['1e3', undefined],
    ['9999999', undefined],
  ])('%j → %j', (header, expected) => expect(parseTokenTtl(header)).toBe(expected))
})

describe('issueToken / verifyToken', () => {
  const key = randomBytes(32)
  const token = issueToken(60, key, NOW)
  const at = (ms: number) => new Date(NOW.getTime() + ms)
  const [payload, mac] = token.split('.') as [string, string]
  const forgedExpiry = `${Buffer.from(String(at(10 ** 9).getTime())).toString('base64url')}.${mac}`

  it.each([
    ['valid just after issue', token, key, at(1), true],
    ['valid one ms before expiry', token, key, at(59_999), true],
    ['expired at the TTL', token, key, at(60_000), false],
    ['expired long after', token, key, at(3_600_000), false],
    ['signed with another key (other process)', token, randomBytes(32), at(1), false],
    ['forged expiry with the old MAC', forgedExpiry, key, at(1), false],
    ['MAC flipped', `${payload}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`, key, at(1), false],
    ['MAC truncated', `${payload}.${mac.slice(0, 10)}`, key, at(1), false],
    ['no MAC', payload, key, at(1), false],
    ['extra part', `${token}.x`, key, at(1), false],
    ['garbage', 'not-a-token', key, at(1), false],
    ['empty', '', key, at(1), false],
    ['missing', undefined, key, at(1), false],
  ])('%s', (_name, candidate, verifyKey, now, expected) => {
    expect(verifyToken(candidate, verifyKey, now)).toBe(expected)
  })
})

describe('secretEquals', () => {
  it.each([
    ['abc', 'abc', true],
    ['abd', 'abc', false],
    ['ab', 'abc', false],
    ['', 'abc', false],
    [undefined, 'abc', false],
  ])('%j vs %j → %j', (given, expected, result) => expect(secretEquals(given, expected)).toBe(result))
})

describe('createTokenIssuer', () => {
  const at = (ms: number) => new Date(NOW.getTime() + ms)

  it('accepts its own token until expiry, also once remembered', () => {
    const issuer = createTokenIssuer(randomBytes(32))
    const token = issuer.issue(2, NOW)
    expect(issuer.verify(token, at(0))).toBe(true)
    expect(issuer.verify(token, at(1_999))).toBe(true)
    expect(issuer.verify(token, at(2_000))).toBe(false)
  })

  it.each([
    ['another issuer', () => createTokenIssuer(randomBytes(32)).issue(60, NOW)],
    ['garbage', () => 'x.y'],
    ['empty', () => ''],
  ])('refuses a token from %s, every time', (_name, make) => {
    const issuer = createTokenIssuer(randomBytes(32))
    const token = make()
    expect(issuer.verify(token, NOW)).toBe(false)
    expect(issuer.verify(token, NOW)).toBe(false)
  })

  it('stays correct past its capacity', () => {
    const issuer = createTokenIssuer(randomBytes(32), 2)
    const tokens = [1, 2, 3, 4].map((ttl) => issuer.issue(ttl * 10, NOW))
    for (const token of tokens) expect(issuer.verify(token, NOW)).toBe(true)
    for (const token of tokens) expect(issuer.verify(token, at(5_000))).toBe(true)
    expect(issuer.verify(tokens[0], at(10_000))).toBe(false)
    expect(issuer.verify(tokens[3], at(39_999))).toBe(true)
  })
})
