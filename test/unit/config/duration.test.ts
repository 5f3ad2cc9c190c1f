import { describe, expect, it } from 'vitest'
import { formatDuration, parseDuration } from '../../../src/shared/duration.js'
import { maskValue, redactSecrets } from '../../../src/shared/redact.js'

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
  ])('%s', (input, ms) => expect(parseDuration(input)).toBe(ms))

  it.each(['', '10', 'h', '1x', '5m junk', '-1h'])('rejects %j', (input) => {
    expect(() => parseDuration(input, '--max-stale')).toThrow(/--max-stale .* is not a duration/)
  })
})

describe('formatDuration', () => {
  it.each([
    [40_000, '40s'],
    [12 * 60_000, '12m'],
    [3 * 3_600_000 + 5 * 60_000, '3h 5m'],
    [3 * 86_400_000 + 4 * 3_600_000, '3d 4h'],
  ])('%i', (ms, text) => expect(formatDuration(ms)).toBe(text))
})

describe('maskValue / redactSecrets', () => {
  it.each([
    ['short', '****'],
    ['exactly-12ch', '****12ch'],
    ['a-much-longer-secret-wxyz', '****wxyz'],
  ])('%s → %s', (value, masked) => expect(maskValue(value)).toBe(masked))

  it('replaces every occurrence', () => {
    expect(redactSecrets('x super-secret-value y super-secret-value', ['super-secret-value'])).toBe(
      'x ****alue y ****alue',
    )
  })
})
