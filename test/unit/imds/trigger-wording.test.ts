import { describe, expect, it } from 'vitest'
import { describeScheduled } from '../../../src/core/imds/index.js'

/**
 * Issue 23 (Also): `imds trigger` printed "spot-interruption (stop) at T": T is when the
 * notice appears, not the stop. Now each line says which time is the notice and which the action.
 */
describe('describeScheduled', () => {
  it.each([
    [
      { kind: 'spot-interruption', at: '2026-01-01T00:00:00.000Z', action: 'stop' },
      'spot-interruption: notice served from 2026-01-01T00:00:00.000Z; the stop action at 2026-01-01T00:02:00.000Z',
    ],
    [
      { kind: 'maintenance-event', at: '2026-01-01T00:00:00.000Z' },
      'maintenance-event: notice served from 2026-01-01T00:00:00.000Z; the maintenance window opens at 2026-01-02T00:00:00.000Z',
    ],
    [
      { kind: 'rebalance', at: '2026-01-01T00:00:00.000Z' },
      'rebalance: recommendation served from 2026-01-01T00:00:00.000Z (a notice; no action follows)',
    ],
    [
      { kind: 'asg-terminate', at: '2026-01-01T00:00:00.000Z' },
      'asg-terminate: target lifecycle state Terminated from 2026-01-01T00:00:00.000Z (the action)',
    ],
  ])('%j', (s, text) => expect(describeScheduled(s)).toBe(text))
})
