import { describe, expect, it } from 'vitest'
import { checkNode } from '../../../src/core/doctor/node-line.js'

// Node's schedule (github.com/nodejs/Release schedule.json): 20 ends 2026-04-30, 22 is in
// maintenance from 2025-10-21 to 2027-04-30, 24 active LTS until 2026-10-20, then maintenance
// until 2028-04-30.
describe('checkNode: the running Node against its support window', () => {
  it.each([
    ['v24.22.3', '2026-06-01', 'ok', /active LTS, end of life 2028-04-30; CI runs the whole suite/],
    ['v24.22.3', '2026-12-06', 'ok', /maintenance LTS, end of life 2028-04-30/],
    ['v22.23.5', '2026-12-06', 'ok', /maintenance LTS, end of life 2027-04-30/],
    ['v22.23.5', '2027-03-01', 'warn', /in under 90 days/],
    ['v20.20.2', '2026-12-06', 'warn', /end of life since 2026-04-30 .*smoke subset/],
    ['v26.1.0', '2026-12-06', 'warn', /a line CI does not test yet/],
    ['v18.20.0', '2026-12-06', 'fail', /older than every line/],
  ])('%s on %s: %s', (version, day, status, summary) => {
    const r = checkNode(version, new Date(`${day}T12:00:00Z`))
    expect(r.status).toBe(status)
    expect(r.summary).toMatch(summary)
    if (status !== 'ok') expect(r.fix).toContain('Install Node 24')
  })
})
