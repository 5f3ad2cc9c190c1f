import { describe, expect, it } from 'vitest'
import { assignEnvNames, envNameFor } from '../../../src/core/run/index.js'

describe('envNameFor', () => {
  it.each([
    ['/app/dev/db/password', '/app/dev', 'DB_PASSWORD'],
    ['/app/dev/api-key', '/app/dev', 'API_KEY'],
    ['/app/dev/a.b/c-d_e', '/app/dev', 'A_B_C_D_E'],
    ['/app/dev/x', '/', 'APP_DEV_X'],
    ['/app/dev/Mixed.Case', '/app/dev', 'MIXED_CASE'],
    ['/app/dev/2fa', '/app/dev', '2FA'],
    ['/app/dev/db/password', '/app/dev/db/password', 'PASSWORD'],
  ])('%s under %s → %s', (path, prefix, expected) => {
    expect(envNameFor(path, prefix)).toBe(expected)
  })
})

describe('assignEnvNames', () => {
  it('names parameters from several prefixes', () => {
    expect(
      assignEnvNames([
        { path: '/a/dev/x', prefix: '/a/dev' },
        { path: '/b/y/z', prefix: '/b' },
      ]),
    ).toEqual([
      { name: 'X', path: '/a/dev/x' },
      { name: 'Y_Z', path: '/b/y/z' },
    ])
  })

  it.each([
    [['/a/db-url', '/a/db_url'], /\/a\/db-url and \/a\/db_url both map to the variable DB_URL/],
    [['/a/x/y', '/a/x.y'], /\/a\/x\/y and \/a\/x.y both map to the variable X_Y/],
  ])('refuses a collision %j', (paths, message) => {
    expect(() => assignEnvNames(paths.map((path) => ({ path, prefix: '/a' })))).toThrow(message)
  })

  it('refuses the same name from two prefixes in one list (layers are named one path at a time: layered-paths.ts)', () => {
    expect(() =>
      assignEnvNames([
        { path: '/common/token', prefix: '/common' },
        { path: '/app/token', prefix: '/app' },
      ]),
    ).toThrow(/\/common\/token and \/app\/token both map to the variable TOKEN/)
  })
})
