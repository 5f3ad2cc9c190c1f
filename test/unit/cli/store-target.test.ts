import { describe, expect, it } from 'vitest'
import { confirmationFor, isYes } from '../../../src/cli/store-target.js'

/** Issue 23.7: delete asks on a terminal, --yes skips, no terminal and no --yes refuses. */
describe('confirmationFor', () => {
  it.each<[boolean, boolean, string]>([
    [true, true, 'proceed'],
    [true, false, 'proceed'],
    [false, true, 'ask'],
    [false, false, 'refuse'],
  ])('yes=%s canAsk=%s → %s', (yes, canAsk, decision) =>
    expect(confirmationFor({ yes, canAsk })).toBe(decision),
  )
})

describe('isYes', () => {
  it.each([
    ['y', true],
    ['YES', true],
    [' yes ', true],
    ['', false],
    ['n', false],
    ['yess', false],
  ])('%j → %s', (answer, yes) => expect(isYes(answer)).toBe(yes))
})
