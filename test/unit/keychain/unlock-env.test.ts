import { describe, expect, it } from 'vitest'
import { UNLOCK_VARIABLES, withoutUnlockVariables } from '../../../src/core/keychain/index.js'
import { buildChildEnv, type EnvEntry } from '../../../src/core/run/child-env.js'

const PASS = 'SECRETS_KEYCHAIN_PASSPHRASE'

describe('unlock material never reaches a child', () => {
  it('the list names the file keychain passphrase', () => {
    expect(UNLOCK_VARIABLES).toContain(PASS)
  })

  it('withoutUnlockVariables drops exactly the listed names', () => {
    expect(withoutUnlockVariables({ [PASS]: 'p', SECRETS_KEYCHAIN: 'file', PATH: '/bin' })).toEqual({
      SECRETS_KEYCHAIN: 'file',
      PATH: '/bin',
    })
  })

  const entry = (layer: 'env-file' | 'store' | 'secrets'): EnvEntry => ({
    name: PASS,
    value: 'p',
    source:
      layer === 'env-file'
        ? { layer, file: '.env' }
        : layer === 'store'
          ? { layer, store: 'local', path: '/app/pass' }
          : { layer },
  })
  it.each([
    { name: 'inherited', files: [], inherited: { [PASS]: 'p' }, stores: [], own: [], preserve: [] },
    {
      name: 'inherited and --preserve-env',
      files: [],
      inherited: { [PASS]: 'p' },
      stores: [],
      own: [],
      preserve: [PASS],
    },
    { name: 'an env file', files: [entry('env-file')], inherited: {}, stores: [], own: [], preserve: [] },
    { name: 'a store parameter', files: [], inherited: {}, stores: [entry('store')], own: [], preserve: [] },
    { name: 'secrets itself', files: [], inherited: {}, stores: [], own: [entry('secrets')], preserve: [] },
  ])('buildChildEnv removes it when set by $name, and --explain does not list it', (c) => {
    const { env, sources } = buildChildEnv({
      fileEntries: c.files,
      inherited: { ...c.inherited, KEEP: 'k' },
      storeEntries: c.stores,
      preserve: c.preserve,
      ownEntries: c.own,
      unset: [],
    })
    expect(env).toEqual({ KEEP: 'k' })
    expect(sources.has(PASS)).toBe(false)
  })
})
