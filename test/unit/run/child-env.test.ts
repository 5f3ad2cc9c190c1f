import { describe, expect, it } from 'vitest'
import { buildChildEnv, explainLines } from '../../../src/core/run/index.js'
import type { EnvEntry } from '../../../src/core/run/child-env.js'

const file = (name: string, value: string): EnvEntry => ({
  name,
  value,
  source: { layer: 'env-file', file: '.env' },
})
const store = (name: string, value: string): EnvEntry => ({
  name,
  value,
  source: { layer: 'store', store: 'local', path: `/app/${name.toLowerCase()}` },
})

describe('buildChildEnv precedence', () => {
  it.each([
    {
      name: 'env file only',
      files: [file('A', 'f')],
      inherited: {},
      stores: [],
      preserve: [],
      expected: 'f',
    },
    {
      name: 'inherited beats env file',
      files: [file('A', 'f')],
      inherited: { A: 'i' },
      stores: [],
      preserve: [],
      expected: 'i',
    },
    {
      name: 'store beats inherited',
      files: [],
      inherited: { A: 'i' },
      stores: [store('A', 's')],
      preserve: [],
      expected: 's',
    },
    {
      name: 'store beats env file',
      files: [file('A', 'f')],
      inherited: {},
      stores: [store('A', 's')],
      preserve: [],
      expected: 's',
    },
    {
      name: '--preserve-env keeps inherited',
      files: [],
      inherited: { A: 'i' },
      stores: [store('A', 's')],
      preserve: ['A'],
      expected: 'i',
    },
    {
      name: '--preserve-env without inherited value: store',
      files: [],
      inherited: {},
      stores: [store('A', 's')],
      preserve: ['A'],
      expected: 's',
    },
    {
      name: 'later env file wins',
      files: [file('A', '1'), file('A', '2')],
      inherited: {},
      stores: [],
      preserve: [],
      expected: '2',
    },
  ])('$name', ({ files, inherited, stores, preserve, expected }) => {
    const { env } = buildChildEnv({
      fileEntries: files,
      inherited,
      storeEntries: stores,
      preserve,
      ownEntries: [],
      unset: [],
    })
    expect(env.A).toBe(expected)
  })

  it('applies own entries last and removes unset names', () => {
    const { env, sources } = buildChildEnv({
      fileEntries: [],
      inherited: { AWS_ACCESS_KEY_ID: 'AKIA', KEEP: 'k' },
      storeEntries: [store('X', 'x')],
      preserve: [],
      ownEntries: [{ name: 'X', value: 'own', source: { layer: 'secrets' } }],
      unset: ['AWS_ACCESS_KEY_ID'],
    })
    expect(env).toEqual({ KEEP: 'k', X: 'own' })
    expect(sources.has('AWS_ACCESS_KEY_ID')).toBe(false)
  })
})

describe('explainLines', () => {
  it('names sources without values, skipping plain inherited variables', () => {
    const { sources } = buildChildEnv({
      fileEntries: [
        {
          name: 'REF',
          value: 'secret-value',
          source: { layer: 'env-file', file: '/p/.env', reference: 'ssm:/a/b' },
        },
      ],
      inherited: { HOME: '/root', KEEP: 'inherited-secret' },
      storeEntries: [store('DB', 'store-secret'), store('KEEP', 'x')],
      preserve: ['KEEP'],
      ownEntries: [],
      unset: [],
    })
    const text = explainLines(sources).join('\n')
    expect(text).toBe(
      [
        'DB    local:/app/db',
        'KEEP  inherited                      (kept by --preserve-env over the store)',
        'REF   env-file /p/.env → ssm:/a/b',
      ].join('\n'),
    )
    expect(text).not.toMatch(/secret-value|store-secret|inherited-secret/)
  })
})
