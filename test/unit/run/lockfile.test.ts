import { describe, expect, it } from 'vitest'
import {
  describeDifference,
  diffLock,
  formatLockfile,
  parseLockfile,
  type LockEntry,
} from '../../../src/core/run/index.js'

const e = (name: string, version: number, store: 'ssm' | 'local' = 'ssm'): LockEntry => ({
  store,
  name,
  version,
  lastModified: `2026-01-0${version % 9}T00:00:00.000Z`,
})

describe('diffLock', () => {
  it.each<[string, LockEntry[], LockEntry[], string[]]>([
    ['identical', [e('/a', 1), e('/b', 2)], [e('/b', 2), e('/a', 1)], []],
    ['newer', [e('/a', 1)], [e('/a', 3)], ['ssm:/a 1→3']],
    ['older', [e('/a', 4)], [e('/a', 2)], ['ssm:/a 4→2']],
    ['added', [e('/a', 1)], [e('/a', 1), e('/b', 1)], ['ssm:/b (not in the lock; version 1)']],
    ['removed', [e('/a', 1), e('/b', 5)], [e('/a', 1)], ['ssm:/b (locked version 5; no longer injected)']],
    [
      'same name, other store',
      [e('/a', 1, 'ssm')],
      [e('/a', 1, 'local')],
      ['local:/a (not in the lock; version 1)', 'ssm:/a (locked version 1; no longer injected)'],
    ],
    [
      'no lock yet',
      [],
      [e('/z', 1), e('/a', 2)],
      ['ssm:/a (not in the lock; version 2)', 'ssm:/z (not in the lock; version 1)'],
    ],
    ['lastModified alone is no difference', [{ ...e('/a', 1), lastModified: 'x' }], [e('/a', 1)], []],
  ])('%s', (_, locked, current, expected) => {
    expect(diffLock(locked, current).map(describeDifference)).toEqual(expected)
  })
})

describe('the lockfile text', () => {
  it('is sorted, stable and round-trips; it holds no value field', () => {
    const a = formatLockfile([e('/b', 2), e('/a', 1, 'local'), e('/a', 1)])
    const b = formatLockfile([e('/a', 1), e('/b', 2), e('/a', 1, 'local')])
    expect(a).toBe(b)
    expect(a.endsWith('}\n')).toBe(true)
    const parsed = parseLockfile(a, 'secrets.lock.json')
    expect(parsed.map((p) => `${p.store}:${p.name}`)).toEqual(['local:/a', 'ssm:/a', 'ssm:/b'])
    expect(Object.keys(JSON.parse(a).parameters[0]).sort()).toEqual([
      'lastModified',
      'name',
      'store',
      'version',
    ])
  })

  it.each([
    ['not json', /not a JSON object/],
    ['{"lockfileVersion":2,"parameters":[]}', /unknown lockfileVersion/],
    ['{"lockfileVersion":1,"parameters":{}}', /must be an array/],
    [
      '{"lockfileVersion":1,"parameters":[{"store":"s3","name":"/a","version":1,"lastModified":"x"}]}',
      /parameters\[0\]/,
    ],
  ])('%s is refused naming the file', (text, message) => {
    expect(() => parseLockfile(text, 'secrets.lock.json')).toThrow(message)
  })
})
