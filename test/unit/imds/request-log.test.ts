import { describe, expect, it } from 'vitest'
import { formatRequestLine, type RequestLogEntry } from '../../../src/core/imds/request-log.js'

// `secrets imds --verbose`: one fixed-width line per request, path last, control characters
// escaped (a client-chosen path must not draw on the terminal), long paths cut.

const AT = new Date('2026-01-02T03:04:05.678Z')
const entry = (over: Partial<RequestLogEntry>): RequestLogEntry => ({
  server: 'IMDS',
  method: 'GET',
  path: '/latest/meta-data/',
  status: 200,
  uid: 1000,
  durationMs: 1.234,
  ...over,
})

describe('formatRequestLine', () => {
  it.each<[Partial<RequestLogEntry>, string]>([
    [{}, '03:04:05.678  IMDS  GET      200  uid 1000      1.2 ms  /latest/meta-data/'],
    [
      { server: 'ECS', status: 401, uid: undefined, durationMs: 12.6, path: '/credentials' },
      '03:04:05.678  ECS   GET      401  uid ?          13 ms  /credentials',
    ],
    [
      { method: 'PUT', path: '/latest/api/token', durationMs: 1234 },
      '03:04:05.678  IMDS  PUT      200  uid 1000     1234 ms  /latest/api/token',
    ],
    [
      { path: '/a\u001B[2Jb\nc' },
      '03:04:05.678  IMDS  GET      200  uid 1000      1.2 ms  /a\\x1b[2Jb\\x0ac',
    ],
  ])('%j', (over, line) => expect(formatRequestLine(entry(over), AT)).toBe(line))

  it('puts the path at the same column whatever the method, status and duration', () => {
    const lines = [
      entry({}),
      entry({ method: 'OPTIONS', status: 405, durationMs: 250, uid: 65534 }),
      entry({ server: 'ECS', method: 'HEAD', uid: undefined }),
    ].map((e) => formatRequestLine(e, AT))
    expect(new Set(lines.map((l) => l.indexOf(' /')))).toEqual(new Set([lines[0]?.indexOf(' /')]))
  })

  it('cuts a long path so one request stays one short line', () => {
    const line = formatRequestLine(entry({ path: `/${'x'.repeat(500)}` }), AT)
    expect(line.length).toBeLessThan(220)
    expect(line.endsWith('…')).toBe(true)
  })
})
