import { describe, expect, it } from 'vitest'
import { checkEnvLimits, checkInjectableValue } from '../../../src/core/run/index.js'

describe('checkEnvLimits', () => {
  it.each([
    ['a normal environment', { A: 'x', B: 'y'.repeat(1000) }, undefined],
    ['a value with NUL', { A: 'x\0y' }, /A contains a NUL byte/],
    ['a name with =', { 'A=B': 'x' }, /not valid in an environment/],
    ['an empty name', { '': 'x' }, /not valid in an environment/],
    ['one variable over 128 KiB', { BIG: 'x'.repeat(128 * 1024) }, /BIG is \d+ bytes/],
    ['just under 128 KiB', { BIG: 'x'.repeat(128 * 1024 - 5) }, undefined],
  ])('%s', (_name, env, error) => {
    if (error) expect(() => checkEnvLimits(env, ['true'])).toThrow(error)
    else expect(() => checkEnvLimits(env, ['true'])).not.toThrow()
  })

  it('refuses a total the OS would refuse (E2BIG)', () => {
    const env = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`V${i}`, 'x'.repeat(100 * 1024)]))
    expect(() => checkEnvLimits(env, ['true'])).toThrow(/total \d+ bytes; the OS limit/)
  })

  it('never puts the value in the message', () => {
    expect(() => checkEnvLimits({ TOKEN: 'sekrit\0value' }, ['x'])).toThrow(/^(?!.*sekrit).*$/s)
  })
})

describe('checkInjectableValue (set refuses what run would refuse)', () => {
  it.each([
    ['a normal value', '/app/dev/db', 'x'.repeat(1000), undefined],
    ['a NUL byte', '/app/dev/db', 'a\0b', /^The value of \/app\/dev\/db \(as DB\) contains a NUL byte/],
    [
      'over 128 KiB as DB=value',
      '/app/dev/db',
      'x'.repeat(128 * 1024 - 3),
      /^\/app\/dev\/db \(as DB\) is 131073 bytes/,
    ],
    ['exactly 128 KiB as DB=value', '/app/dev/db', 'x'.repeat(128 * 1024 - 4), undefined],
    ['a top-level path', '/token', 'a\0b', /The value of \/token \(as TOKEN\) contains a NUL byte/],
  ])('%s', (_name, path, value, error) => {
    if (error) expect(() => checkInjectableValue(path, value)).toThrow(error)
    else expect(() => checkInjectableValue(path, value)).not.toThrow()
  })

  it('gives run the same rule and message for the same variable', () => {
    const refused = (fn: () => void) => {
      try {
        fn()
      } catch (error) {
        return error as { message: string; hint: string; code: string; exitCode: number }
      }
      throw new Error('not refused')
    }
    for (const value of ['a\0b', 'x'.repeat(200 * 1024)]) {
      const atSet = refused(() => checkInjectableValue('/app/dev/db', value))
      const atRun = refused(() => checkEnvLimits({ DB: value }, ['true']))
      expect(atSet.message.replace('/app/dev/db (as DB)', 'DB')).toBe(atRun.message)
      expect([atSet.hint, atSet.code, atSet.exitCode]).toEqual([atRun.hint, atRun.code, atRun.exitCode])
    }
  })

  it('never puts the value in the message', () => {
    expect(() => checkInjectableValue('/a/b', 'sekrit\0value')).toThrow(/^(?!.*sekrit).*$/s)
  })
})
