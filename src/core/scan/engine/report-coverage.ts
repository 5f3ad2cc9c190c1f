/**
 * What a git scan could not read, as data every format reports: a shallow clone's cut
 * history, blobs missing from the object store, a partial clone's blobs left on the remote.
 * A scan never reports "clean" for content it did not see (SPEC, "Failing well").
 */
import { LocalEnvError } from '../../../shared/errors.js'

/** A blob the scan meant to read and could not. */
export interface UnreadBlob {
  path: string
  blob: string
  /** The commit that introduced it (history scans). */
  commit?: string
  /** `missing`: absent from the object store; `not-fetched`: a partial clone left it on the remote. */
  reason: 'missing' | 'not-fetched'
}

/** How much of the repository a git scan (`--staged`, `--history`) actually read. */
export interface ScanCoverage {
  /** The revisions walked, as given to `git log` (`--all`, `--all --not REV`, `BASE..HEAD`). */
  revisions?: string
  /** Shallow-clone boundary commits the walk reached: history before them was not scanned. */
  truncatedAt: string[]
  /** A partial clone's promisor remote, and how many blobs `--fetch-missing` fetched from it in one batch. */
  partialClone?: { remote: string; fetched: number }
  /** Every blob the scan meant to read and could not. */
  unreadable: UnreadBlob[]
}

/** True when the scan read all the history it was asked for. */
export function coverageComplete(coverage: ScanCoverage | undefined): boolean {
  return !coverage || (coverage.truncatedAt.length === 0 && coverage.unreadable.length === 0)
}

/** One human sentence per gap (stderr warnings, SARIF notifications); blob names only when `verbose`. */
export function coverageNotices(
  coverage: ScanCoverage | undefined,
  verbose: boolean,
): Array<{ id: string; text: string; path?: string }> {
  if (!coverage) return []
  const notices: Array<{ id: string; text: string; path?: string }> = []
  const { truncatedAt, unreadable, partialClone } = coverage
  if (truncatedAt.length > 0) {
    const at = truncatedAt.map((c) => c.slice(0, 12)).join(', ')
    notices.push({
      id: 'history-truncated',
      text: `history is truncated (shallow clone): commits before ${at} were not scanned. Get the rest with \`git fetch --unshallow\` (CI: \`fetch-depth: 0\` in actions/checkout, \`GIT_DEPTH: 0\` in GitLab CI).`,
    })
  }
  const notFetched = unreadable.filter((u) => u.reason === 'not-fetched').length
  const missing = unreadable.length - notFetched
  if (notFetched > 0)
    notices.push({
      id: 'blobs-not-fetched',
      text: `${notFetched} blob${notFetched === 1 ? ' is' : 's are'} not in this partial clone (promisor remote ${partialClone?.remote ?? '?'}) and ${notFetched === 1 ? 'was' : 'were'} not scanned; \`--fetch-missing\` fetches them in one batch.`,
    })
  if (missing > 0)
    notices.push({
      id: 'blobs-missing',
      text: `${missing} blob${missing === 1 ? ' is' : 's are'} missing from the object store and ${missing === 1 ? 'was' : 'were'} not scanned (a damaged or incomplete clone); \`git fsck\` lists them.`,
    })
  if (unreadable.length > 0 && !verbose)
    notices.push({ id: 'blobs-unread-names', text: 'run with --verbose to name the blobs not scanned.' })
  if (verbose)
    for (const u of unreadable)
      notices.push({
        id: u.reason === 'missing' ? 'blob-missing' : 'blob-not-fetched',
        text: `not scanned: ${u.path} (blob ${u.blob.slice(0, 12)}${u.commit ? `, commit ${u.commit.slice(0, 12)}` : ''}): ${u.reason === 'missing' ? 'missing from the object store' : 'not fetched from the promisor remote'}`,
        path: u.path,
      })
  return notices
}

/** The SARIF run's invocation: a notification per gap, per blob not read, and the coverage as a property. */
export function sarifInvocation(coverage: ScanCoverage) {
  const summary = coverageNotices(coverage, false).filter((n) => n.id !== 'blobs-unread-names')
  const blobs = coverageNotices(coverage, true).filter((n) => n.path !== undefined)
  return {
    executionSuccessful: true,
    toolExecutionNotifications: [...summary, ...blobs].map((n) => ({
      descriptor: { id: n.id },
      level: 'warning',
      message: { text: n.text },
      ...(n.path
        ? {
            locations: [
              { physicalLocation: { artifactLocation: { uri: encodeURI(n.path), uriBaseId: '%SRCROOT%' } } },
            ],
          }
        : {}),
    })),
    properties: { historyComplete: coverageComplete(coverage), ...coverage },
  }
}

/** `--require-full-history`: the scan found nothing but did not read everything (exit 5, a local-environment condition). */
export class HistoryIncompleteError extends LocalEnvError {
  constructor(coverage: ScanCoverage) {
    const gaps = [
      ...(coverage.truncatedAt.length > 0 ? ['the history is truncated (shallow clone)'] : []),
      ...(coverage.unreadable.length > 0 ? [`${coverage.unreadable.length} blob(s) were not read`] : []),
    ]
    super(`The scan is incomplete: ${gaps.join(' and ')}.`, {
      hint:
        coverage.truncatedAt.length > 0
          ? 'Fetch the whole history (`git fetch --unshallow`; in CI `fetch-depth: 0` or `GIT_DEPTH: 0`), or drop --require-full-history.'
          : 'Fetch the missing blobs (--fetch-missing in a partial clone, or re-clone), or drop --require-full-history.',
      code: 'HistoryIncomplete',
    })
  }
}
