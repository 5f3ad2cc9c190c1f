import { describe, expect, it } from 'vitest'
import { decideFallback, scopeId } from '../../../src/core/run/index.js'

const now = new Date('2026-01-02T00:00:00Z')
const hoursAgo = (h: number) => ({ fetchedAt: new Date(now.getTime() - h * 3_600_000) })
const DAY = 24 * 3_600_000

describe('decideFallback', () => {
  it.each([
    ['unreachable, fresh cache', 'unreachable', hoursAgo(2), { action: 'use-cache', ageMs: 2 * 3_600_000 }],
    ['throttled, fresh cache', 'throttled', hoursAgo(1), { action: 'use-cache', ageMs: 3_600_000 }],
    ['unreachable, stale cache', 'unreachable', hoursAgo(25), { action: 'fail', reason: 'too-stale' }],
    ['unreachable, no cache', 'unreachable', undefined, { action: 'fail', reason: 'no-cache' }],
    ['denied forgets the cache', 'denied', hoursAgo(1), { action: 'fail-and-forget' }],
    ['other errors never use the cache', 'other', hoursAgo(1), { action: 'fail', reason: 'not-recoverable' }],
  ] as const)('%s', (_name, failure, cached, expected) => {
    expect(decideFallback(failure, cached, now, DAY)).toEqual(expected)
  })
})

describe('scopeId', () => {
  it('differs per store, path and identity and reveals none of them', () => {
    const a = scopeId({ store: 'ssm', prefix: '/app/dev', identity: 'dev' })
    expect(a).toMatch(/^[0-9a-f]{32}$/)
    expect(scopeId({ store: 'ssm', prefix: '/app/dev', identity: 'prod' })).not.toBe(a)
    expect(scopeId({ store: 'ssm', prefix: '/app/prod', identity: 'dev' })).not.toBe(a)
  })
})
