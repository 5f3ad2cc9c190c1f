import { describe, expect, it } from 'vitest'
import { isUnderPrefix, parseParameterPath, parsePathPrefix } from '../../src/core/store/index.js'

describe('parseParameterPath', () => {
  it.each([
    ['/app/dev/db/password', '/app/dev/db/password'],
    ['/app/dev/', '/app/dev'],
    ['  /a.b-c_d  ', '/a.b-c_d'],
  ])('accepts %j', (input, expected) => {
    expect(parseParameterPath(input)).toBe(expected)
  })

  it.each([
    ['app/dev', /must start with "\/"/],
    ['/', /needs a name/],
    ['/app//dev', /not valid/],
    ['/app/dev ops', /not valid/],
    ['/aws/reserved', /reserves/],
    ['/SSM/x', /reserves/],
    [`/${'a/'.repeat(15)}b`, /more than 15 levels/],
    [`/${'a'.repeat(1011)}`, /longer than 1011/],
  ])('rejects %j', (input, message) => {
    expect(() => parseParameterPath(input)).toThrow(message)
  })
})

describe('parsePathPrefix / isUnderPrefix', () => {
  it('allows the root prefix', () => expect(parsePathPrefix('/')).toBe('/'))
  it.each([
    ['/app/dev/x', '/app/dev', true],
    ['/app/dev', '/app/dev', true],
    ['/app/development/x', '/app/dev', false],
    ['/other', '/', true],
  ])('%s under %s is %s', (path, prefix, expected) => {
    expect(isUnderPrefix(path, prefix)).toBe(expected)
  })
})
