import { describe, expect, it } from 'vitest'
import {
  BUILTIN_RULES,
  HistoryIncompleteError,
  coverageComplete,
  coverageNotices,
  formatReport,
  type ScanCoverage,
} from '../../../src/core/scan/engine/index.js'
import { historyRevisionArgs } from '../../../src/core/scan/git-source.js'
import { ExitCode, UsageError } from '../../../src/shared/errors.js'

describe('historyRevisionArgs', () => {
  it.each([
    [{}, ['--all', '--']],
    [{ since: 'v1.0' }, ['--all', '--not', 'v1.0', '--']],
    [{ range: 'main..feature' }, ['feature', '--not', 'main', '--']],
    [{ range: 'abc123..' }, ['HEAD', '--not', 'abc123', '--']],
    [{ range: 'origin/main..HEAD', since: 'ignored' }, ['HEAD', '--not', 'origin/main', '--']],
  ])('%j -> %j', (input, args) => {
    expect(historyRevisionArgs(input)).toEqual(args)
  })

  it.each([
    { range: 'HEAD' },
    { range: 'a...b' },
    { range: '..HEAD' },
    { range: '--all..HEAD' },
    { range: 'a..--output=x' },
    { since: '-x' },
    { since: '' },
  ])('refuses %j (exit 2)', (input) => {
    expect(() => historyRevisionArgs(input)).toThrow(UsageError)
  })
})

const base: ScanCoverage = { revisions: '--all', truncatedAt: [], unreadable: [] }
const missing = { path: 'a.ts', blob: 'b'.repeat(40), commit: 'c'.repeat(40), reason: 'missing' as const }
const notFetched = { path: 'd/e f.ts', blob: 'e'.repeat(40), reason: 'not-fetched' as const }

describe('coverage notices', () => {
  it.each<[string, ScanCoverage, boolean, string[]]>([
    ['complete', base, true, []],
    ['shallow', { ...base, truncatedAt: ['f'.repeat(40)] }, false, ['history-truncated']],
    ['missing, quiet', { ...base, unreadable: [missing] }, false, ['blobs-missing', 'blobs-unread-names']],
    ['missing, verbose', { ...base, unreadable: [missing] }, true, ['blobs-missing', 'blob-missing']],
    [
      'partial, verbose',
      { ...base, partialClone: { remote: 'origin', fetched: 0 }, unreadable: [notFetched, missing] },
      true,
      ['blobs-not-fetched', 'blobs-missing', 'blob-not-fetched', 'blob-missing'],
    ],
  ])('%s', (_name, coverage, verbose, ids) => {
    expect(coverageNotices(coverage, verbose).map((n) => n.id)).toEqual(ids)
    expect(coverageComplete(coverage)).toBe(ids.length === 0)
  })

  it('names the boundary commit and the way to fetch the rest', () => {
    const [notice] = coverageNotices(
      { ...base, truncatedAt: ['0123456789abcdef'.repeat(2) + '01234567'] },
      false,
    )
    expect(notice?.text).toContain('commits before 0123456789ab were not scanned')
    expect(notice?.text).toContain('git fetch --unshallow')
    expect(notice?.text).toContain('fetch-depth: 0')
  })

  it('names each blob with --verbose', () => {
    const notices = coverageNotices({ ...base, unreadable: [missing] }, true)
    expect(notices.at(-1)?.text).toBe(
      `not scanned: a.ts (blob ${'b'.repeat(12)}, commit ${'c'.repeat(12)}): missing from the object store`,
    )
  })

  it('is an exit-5 error under --require-full-history', () => {
    const error = new HistoryIncompleteError({
      ...base,
      truncatedAt: ['f'.repeat(40)],
      unreadable: [missing],
    })
    expect(error.exitCode).toBe(ExitCode.localEnv)
    expect(error.message).toBe(
      'The scan is incomplete: the history is truncated (shallow clone) and 1 blob(s) were not read.',
    )
    expect(error.hint).toContain('git fetch --unshallow')
  })
})

describe('reports carry the coverage', () => {
  const stats = {
    files: 0,
    bytes: 0,
    skippedBinary: 0,
    skippedOversized: 0,
    skippedUnreadable: 1,
    suppressed: 0,
    durationMs: 1,
  }
  const options = { showSecrets: false, rules: BUILTIN_RULES, version: '0.1.0' }
  const coverage: ScanCoverage = { ...base, truncatedAt: ['f'.repeat(40)], unreadable: [notFetched] }

  it('JSON: a coverage object, only for git scans', () => {
    expect(JSON.parse(formatReport([], stats, 'json', { ...options, coverage })).coverage).toEqual({
      complete: false,
      ...coverage,
    })
    expect(JSON.parse(formatReport([], stats, 'json', options))).not.toHaveProperty('coverage')
  })

  it('SARIF: an invocation with a notification per gap and per blob, and the coverage as properties', () => {
    const run = JSON.parse(formatReport([], stats, 'sarif', { ...options, coverage })).runs[0]
    expect(run.invocations).toHaveLength(1)
    const [invocation] = run.invocations
    expect(invocation.executionSuccessful).toBe(true)
    expect(
      invocation.toolExecutionNotifications.map((n: { descriptor: { id: string } }) => n.descriptor.id),
    ).toEqual(['history-truncated', 'blobs-not-fetched', 'blob-not-fetched'])
    expect(invocation.toolExecutionNotifications[2].locations[0].physicalLocation.artifactLocation.uri).toBe(
      'd/e%20f.ts',
    )
    expect(invocation.properties).toMatchObject({ historyComplete: false, truncatedAt: ['f'.repeat(40)] })
    expect(JSON.parse(formatReport([], stats, 'sarif', options)).runs[0]).not.toHaveProperty('invocations')
  })
})
