import { describe, expect, it } from 'vitest'
import { isAllowedHost, isAllowedPeer, isLoopbackAddress } from '../../../src/core/imds/request-guard.js'

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['192.168.1.2', false],
    ['::ffff:192.168.1.2', false],
    ['169.254.169.254', false],
    ['fe80::1', false],
    [undefined, false],
    ['', false],
  ])('%j → %j', (address, expected) => expect(isLoopbackAddress(address)).toBe(expected))
})

describe('isAllowedPeer', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1', true],
    ['::ffff:127.0.0.1', '127.0.0.1', true],
    ['169.254.169.254', '169.254.169.254', true],
    ['::ffff:169.254.169.254', '169.254.169.254', true],
    ['192.168.1.20', '0.0.0.0', false],
    ['192.168.1.20', '192.168.1.20', true],
    ['10.1.1.1', '169.254.169.254', false],
    ['10.1.1.1', '127.0.0.1', false],
    [undefined, '127.0.0.1', false],
  ])('peer %j bound %j → %j', (peer, bind, expected) => expect(isAllowedPeer(peer, bind)).toBe(expected))
})

describe('isAllowedHost (DNS rebinding)', () => {
  it.each([
    ['127.0.0.1:8080', '127.0.0.1', 8080, true],
    ['localhost:8080', '127.0.0.1', 8080, true],
    ['LOCALHOST:8080', '127.0.0.1', 8080, true],
    ['127.0.0.1:8081', '127.0.0.1', 8080, false],
    ['127.0.0.1', '127.0.0.1', 8080, false],
    ['evil.example:8080', '127.0.0.1', 8080, false],
    ['127.0.0.1.nip.io:8080', '127.0.0.1', 8080, false],
    ['169.254.169.254', '169.254.169.254', 80, true],
    ['169.254.169.254:80', '169.254.169.254', 80, true],
    ['localhost', '169.254.169.254', 80, false],
    ['[::1]:9000', '::1', 9000, true],
    ['', '127.0.0.1', 8080, false],
    [undefined, '127.0.0.1', 8080, false],
  ])('Host %j on %s:%d → %j', (host, bind, port, expected) =>
    expect(isAllowedHost(host, bind, port)).toBe(expected),
  )
})
