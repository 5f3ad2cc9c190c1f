import { describe, expect, it } from 'vitest'
import { coreDumpsOff } from '../../../src/cli/run-guard.js'

// `secrets run` spawns prlimit only when /proc/self/limits does not already show a soft
// core-dump limit of 0 (test/security/run-child-reach.test.ts runs it from "unlimited").
const limits = (core: string) =>
  [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max file size             unlimited            unlimited            bytes     ',
    `Max core file size        ${core} bytes     `,
    'Max resident set          unlimited            unlimited            bytes     ',
  ].join('\n')

describe('coreDumpsOff', () => {
  it.each([
    ['soft 0, hard unlimited', limits('0                    unlimited           '), true],
    ['soft 0, hard 0', limits('0                    0                   '), true],
    ['soft unlimited', limits('unlimited            unlimited           '), false],
    ['soft 1024', limits('1024                 unlimited           '), false],
    [
      'soft 0 only in another row',
      'Max file size             0                    0                    bytes',
      false,
    ],
    ['empty', '', false],
  ])('%s', (_, text, off) => {
    expect(coreDumpsOff(text)).toBe(off)
  })
})
