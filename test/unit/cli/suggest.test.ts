import { describe, expect, it } from 'vitest'
import { editDistance, suggestions } from '../../../src/cli/suggest.js'
import { didYouMean, parseMessage } from '../../../src/cli/error-report.js'

describe('editDistance', () => {
  it.each([
    ['run', 'run', 0],
    ['rn', 'run', 1],
    ['pathh', 'path', 1],
    ['whomai', 'whoami', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s → %s = %i', (a, b, d) => expect(editDistance(a, b)).toBe(d))
})

describe('suggestions', () => {
  const commands = ['run', 'login', 'logout', 'list', 'get', 'set', 'rotate aws-key', 'whoami']
  it.each([
    ['rn', ['run']],
    ['lgin', ['login']],
    ['logot', ['logout']],
    ['rotate aws-ky', ['rotate aws-key']],
    ['zzzzzz', []],
    ['', []],
  ])('%s → %j', (word, expected) => expect(suggestions(word, commands)).toEqual(expected))
})

describe('flag errors', () => {
  it("drops oclif's own help pointer", () => {
    expect(parseMessage('Nonexistent flag: --x\nSee more help with --help')).toBe('Nonexistent flag: --x')
  })
  it('suggests the closest flags', () => {
    expect(didYouMean({ flags: ['--pathh'] }, ['path', 'profile', 'json'])).toBe(
      '--pathh: did you mean --path?',
    )
    expect(didYouMean({ flags: ['--zzz'] }, ['path'])).toBeUndefined()
    expect(didYouMean({}, ['path'])).toBeUndefined()
  })
})
