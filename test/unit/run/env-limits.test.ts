import { describe, expect, it } from 'vitest'
import { checkEnvLimits } from '../../../src/core/run/index.js'

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
