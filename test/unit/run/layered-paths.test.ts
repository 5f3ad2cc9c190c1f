import { describe, expect, it } from 'vitest'
import { isPosixName, layerVariables, unknownPreservedNames } from '../../../src/core/run/layered-paths.js'
import type { Parameter } from '../../../src/core/store/index.js'

/**
 * Issue 23.5 and 23.17. Before: two --path values with the same name were an error (no
 * layering); a --path naming a leaf injected the whole path as the name; `/names/2fa/seed`
 * became `2FA_SEED`, a name `sh` drops.
 */
const p = (path: string, value = `v:${path}`): Parameter => ({
  path,
  value,
  version: 1,
  lastModified: new Date(0),
  type: 'SecureString',
})

describe('layerVariables', () => {
  it('a later --path overrides an earlier one, and records what it overrode', () => {
    const { variables } = layerVariables([
      { prefix: '/myapp/shared', parameters: [p('/myapp/shared/db/password'), p('/myapp/shared/region')] },
      { prefix: '/myapp/dev', parameters: [p('/myapp/dev/db/password')] },
    ])
    expect(variables.map((v) => [v.name, v.path, v.overrides])).toEqual([
      ['REGION', '/myapp/shared/region', []],
      ['DB_PASSWORD', '/myapp/dev/db/password', ['/myapp/shared/db/password']],
    ])
    expect(variables.find((v) => v.name === 'DB_PASSWORD')?.value).toBe('v:/myapp/dev/db/password')
  })

  it('three layers: the last wins and names both it replaced', () => {
    const { variables } = layerVariables([
      { prefix: '/a', parameters: [p('/a/x')] },
      { prefix: '/b', parameters: [p('/b/x')] },
      { prefix: '/c', parameters: [p('/c/x')] },
    ])
    expect(variables).toEqual([{ name: 'X', path: '/c/x', value: 'v:/c/x', overrides: ['/a/x', '/b/x'] }])
  })

  it('a collision inside one path stays an error', () => {
    expect(() =>
      layerVariables([
        { prefix: '/myapp/dev', parameters: [p('/myapp/dev/db-password'), p('/myapp/dev/db/password')] },
      ]),
    ).toThrow(/\/myapp\/dev\/db-password and \/myapp\/dev\/db\/password both map to the variable DB_PASSWORD/)
  })

  it('a --path naming a leaf is named after its last segment', () => {
    const { variables } = layerVariables([
      { prefix: '/myapp/dev/db/password', parameters: [p('/myapp/dev/db/password')] },
    ])
    expect(variables.map((v) => v.name)).toEqual(['PASSWORD'])
  })

  it('a name that is not a POSIX name gets a leading _, reported with both names', () => {
    const { variables, renamed } = layerVariables([{ prefix: '/names', parameters: [p('/names/2fa/seed')] }])
    expect(variables.map((v) => v.name)).toEqual(['_2FA_SEED'])
    expect(renamed).toEqual([{ path: '/names/2fa/seed', from: '2FA_SEED', to: '_2FA_SEED' }])
  })
})

describe('isPosixName', () => {
  it.each([
    ['DB_PASSWORD', true],
    ['_2FA', true],
    ['2FA_SEED', false],
    ['', false],
  ])('%j → %s', (name, ok) => expect(isPosixName(name)).toBe(ok))
})

describe('unknownPreservedNames (23.15)', () => {
  it('names a --preserve-env name not in the environment, with the closest one', () => {
    expect(
      unknownPreservedNames(['DB_PASWORD', 'HOME'], { HOME: '/h', DB_PASSWORD: 'x' }, ['API_KEY']),
    ).toEqual([
      '--preserve-env DB_PASWORD: not in the environment, so nothing is kept (did you mean DB_PASSWORD?).',
    ])
    expect(unknownPreservedNames(['ZZZZZZ'], {}, [])).toEqual([
      '--preserve-env ZZZZZZ: not in the environment, so nothing is kept.',
    ])
  })
})
