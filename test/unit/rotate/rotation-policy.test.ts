import { describe, expect, it } from 'vitest'
import {
  assessAge,
  DEFAULT_MAX_AGE_MS,
  generationSettings,
  matchPathPolicy,
  parseRotationPolicy,
  pathMaxAge,
} from '../../../src/core/rotate/index.js'

const FILE = '/repo/.secretsrc.json'
const DAY = 86_400_000

describe('parseRotationPolicy', () => {
  it('accepts a full section', () => {
    const policy = parseRotationPolicy(
      {
        maxAge: '90d',
        length: 24,
        paths: {
          '/app/dev/db/password': { length: 40, charset: 'symbols', maxAge: '30d' },
          '/app/dev/': { charset: 'hex' },
        },
      },
      FILE,
    )
    expect(policy).toEqual({
      defaults: { maxAgeMs: 90 * DAY, length: 24 },
      paths: {
        '/app/dev/db/password': { length: 40, charset: 'symbols', maxAgeMs: 30 * DAY },
        '/app/dev': { charset: 'hex' },
      },
    })
  })

  it('treats a missing section as no policy', () => {
    expect(parseRotationPolicy(undefined, FILE)).toEqual({ defaults: {}, paths: {} })
  })

  it.each([
    [{ lenght: 3 }, /"rotate.lenght" is not a known key/],
    [{ length: 3 }, /"rotate.length" must be a whole number from 8 to 4096/],
    [{ charset: 'emoji' }, /"rotate.charset" must be one of/],
    [{ maxAge: 90 }, /"rotate.maxAge" must be a duration/],
    [{ maxAge: 'soon' }, /"rotate.maxAge" "soon" is not a duration/],
    [{ maxAge: '0d' }, /"rotate.maxAge" must be longer than zero/],
    [{ paths: [] }, /"rotate.paths" must be an object/],
    [{ paths: { 'app/x': {} } }, /"rotate.paths.app\/x" is not a parameter path/],
    [{ paths: { '/x': 'hex' } }, /"rotate.paths.\/x" must be an object/],
    [{ paths: { '/x': { length: 9000 } } }, /"rotate.paths.\/x.length" must be a whole number/],
    [{ paths: { '/x': { charset: 'HEX' } } }, /"rotate.paths.\/x.charset" must be one of/],
    [{ paths: { '/x': { maxAge: '3 days' } } }, /"rotate.paths.\/x.maxAge" "3 days" is not a duration/],
    [{ paths: { '/x': { paths: {} } } }, /"rotate.paths.\/x.paths" is not a known key/],
  ])('rejects %j naming the key', (section, message) => {
    expect(() => parseRotationPolicy(section as Record<string, unknown>, FILE)).toThrow(message)
    expect(() => parseRotationPolicy(section as Record<string, unknown>, FILE)).toThrow(FILE)
  })
})

describe('generationSettings and max ages', () => {
  const policy = parseRotationPolicy(
    {
      length: 24,
      paths: {
        '/app': { charset: 'hex', maxAge: '60d' },
        '/app/dev/db': { length: 40, maxAge: '7d' },
        '/other': {},
      },
    },
    FILE,
  )
  it.each([
    ['/app/dev/db/password', {}, { length: 40, charset: 'hex' }, 7],
    ['/app/dev/api', {}, { length: 24, charset: 'hex' }, 60],
    ['/app/dev/db', { length: 12 }, { length: 12, charset: 'hex' }, 7],
    ['/application/x', {}, { length: 24, charset: 'alnum' }, undefined],
    ['/other/x', { charset: 'symbols' as const }, { length: 24, charset: 'symbols' }, undefined],
  ])('%s with flags %j', (path, flags, expected, maxAgeDays) => {
    expect(generationSettings(policy, path, flags)).toEqual(expected)
    const maxAge = pathMaxAge(policy, path)
    expect(maxAge === undefined ? undefined : maxAge / DAY).toBe(maxAgeDays)
  })
  it('uses built-in defaults without a policy', () => {
    expect(generationSettings(parseRotationPolicy(undefined, FILE), '/x', {})).toEqual({
      length: 32,
      charset: 'alnum',
    })
  })
  it('picks the longest matching prefix', () => {
    expect(matchPathPolicy(policy, '/app/dev/db/x')?.prefix).toBe('/app/dev/db')
  })
})

describe('assessAge', () => {
  const now = new Date('2026-04-01T00:00:00Z')
  it.each([
    ['2026-03-31T00:00:00Z', DEFAULT_MAX_AGE_MS, { ageDays: 1, maxAgeDays: 90, overdue: false }],
    ['2026-01-01T00:00:00Z', DEFAULT_MAX_AGE_MS, { ageDays: 90, maxAgeDays: 90, overdue: false }],
    ['2025-12-31T23:00:00Z', DEFAULT_MAX_AGE_MS, { ageDays: 90, maxAgeDays: 90, overdue: true }],
    ['2026-04-02T00:00:00Z', DAY, { ageDays: 0, maxAgeDays: 1, overdue: false }],
    ['2026-03-31T11:00:00Z', DAY / 2, { ageDays: 0, maxAgeDays: 0.5, overdue: true }],
  ])('since %s, max %i ms', (since, max, expected) => {
    expect(assessAge(new Date(since), max, now)).toMatchObject(expected)
  })
})
