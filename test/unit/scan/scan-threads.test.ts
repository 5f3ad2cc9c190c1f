import { describe, expect, it } from 'vitest'
import { scanThreadsFrom } from '../../../src/cli/scan-invocation.js'
import { defaultScanThreads } from '../../../src/core/scan/scan-threads.js'

describe('defaultScanThreads: a worker only where it gets a core of its own', () => {
  it.each([
    ['tree', 1, 1],
    ['tree', 2, 1],
    ['tree', 3, 3],
    ['tree', 4, 4],
    ['tree', 64, 8],
    ['history', 1, 1],
    ['history', 2, 1],
    ['history', 4, 3],
    ['history', 64, 8],
  ] as const)('%s on %i cores: %i', (kind, cores, threads) => {
    expect(defaultScanThreads(kind, cores)).toBe(threads)
  })
})

describe('SECRETS_SCAN_THREADS', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['1', 1],
    ['2', 2],
    ['8', 8],
  ])('%j -> %j', (value, threads) => {
    expect(scanThreadsFrom(value === undefined ? {} : { SECRETS_SCAN_THREADS: value })).toBe(threads)
  })

  it.each(['0', '-1', '1.5', 'all', ' 2', '1000'])('refuses %j with the next step', (value) => {
    expect(() => scanThreadsFrom({ SECRETS_SCAN_THREADS: value })).toThrow(
      /SECRETS_SCAN_THREADS must be a whole number/,
    )
  })
})
