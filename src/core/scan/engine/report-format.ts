import { coverageComplete, sarifInvocation, type ScanCoverage } from './report-coverage.js'
import type { NotScanned, OversizedFile } from './scan-stats.js'
import { columnLines } from '../../../shared/table.js'
import { quoteForTerminal } from './terminal-text.js'
import type { Rule, Finding } from './types.js'

/** Counts that every format reports next to the findings. */
export interface ScanStats {
  files: number
  bytes: number
  skippedBinary: number
  skippedOversized: number
  skippedUnreadable: number
  /** Symbolic links (never followed), files that are not regular, files below the walk's depth limit. */
  skippedLinks?: number
  skippedSpecial?: number
  skippedTooDeep?: number
  /** The oversized files by name (paths relative to the scan root). */
  oversizedFiles?: OversizedFile[]
  /** Every other path not read, by name and reason. */
  notScanned?: NotScanned[]
  /** Findings dropped: all of them, and how many by a `secrets:allow` comment and by the baseline. */
  suppressed: number
  suppressedInline?: number
  suppressedBaseline?: number
  durationMs: number
}

/** Output formats of `secrets scan --format`. */
export const FORMATS = ['text', 'json', 'sarif'] as const
export type ReportFormat = (typeof FORMATS)[number]

export interface ReportOptions {
  /** Print raw secrets; only honoured when the caller checked for a TTY. */
  showSecrets: boolean
  rules: readonly Rule[]
  version: string
  /** What a git scan could not read: `coverage` in JSON, an invocation with notifications in SARIF. */
  coverage?: ScanCoverage | undefined
  /**
   * How the text report shows a path (relative to the scan root in findings): the CLI shows
   * them relative to the current directory, as ripgrep does. JSON and SARIF keep paths
   * relative to the scan root and say which root (`root`; SARIF's `originalUriBaseIds`), so
   * a consumer resolves them without knowing the scanner's working directory. Default: as is.
   */
  displayPath?: (path: string) => string
  /** Absolute scan root, for SARIF's `%SRCROOT%`. */
  root?: string
  /** Text only: colour the rule id and the match (SGR), for a terminal without NO_COLOR. */
  color?: boolean
}

/** Renders findings for stdout in one of the supported formats. */
export function formatReport(
  findings: readonly Finding[],
  stats: ScanStats,
  format: ReportFormat,
  options: ReportOptions,
): string {
  if (format === 'json') return `${JSON.stringify(toJson(findings, stats, options), null, 2)}\n`
  if (format === 'sarif') return `${JSON.stringify(toSarif(findings, stats, options), null, 2)}\n`
  const display = options.displayPath ?? ((path: string) => path)
  // One row per finding in the shared columns (display widths, so colour codes and wide
  // file names do not shift the rule and match columns).
  const rows = findings.map((f) => textCells(f, options.showSecrets, display, options.color ?? false))
  return columnLines(rows)
    .map((line) => `${line}\n`)
    .join('')
}

function shown(f: Finding, showSecrets: boolean): string {
  // A known value is never shown, not even with --show-secrets: its parameter names it.
  return showSecrets && !f.parameter ? f.secret : f.redacted
}

/**
 * One text row per finding. Everything that comes from the scanned tree (path, commit
 * author, the match itself under --show-secrets) is quoted for the terminal: a file named
 * `ESC[2K…` cannot erase the finding above it.
 */
function textCells(
  f: Finding,
  showSecrets: boolean,
  display: (path: string) => string,
  color: boolean,
): string[] {
  const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text)
  const where = `${quoteForTerminal(display(f.path))}:${f.line}:${f.column}`
  const commit = f.commit
    ? [
        `commit ${quoteForTerminal(f.commit.sha.slice(0, 12))} ${quoteForTerminal(f.commit.author)} ${quoteForTerminal(f.commit.date)}`,
      ]
    : []
  return [
    where,
    paint('1;31', quoteForTerminal(f.ruleId)),
    paint('33', quoteForTerminal(shown(f, showSecrets))),
    ...commit,
    ...verificationCells(f),
  ]
}

/** ` verified` / ` unverified` / ` unknown`, the parameter of a known value, and the remedy for one's own key. */
function verificationCells(f: Finding): string[] {
  const parameter = f.parameter ? [`parameter ${f.parameter}`] : []
  const v = f.verification
  if (!v) return parameter
  const own = v.profile && v.remedy ? [`(the stored key of profile ${v.profile}: run \`${v.remedy}\`)`] : []
  return [...parameter, v.status, ...own]
}

/** The SARIF result's `properties`: verification and the known value's parameter, when set. */
function sarifProperties(f: Finding) {
  if (!f.verification && !f.parameter) return {}
  const { status, ...about } = f.verification ?? { status: undefined }
  return {
    properties: {
      ...(status ? { verification: status, ...about } : {}),
      ...(f.parameter ? { parameter: f.parameter } : {}),
    },
  }
}

function toJson(findings: readonly Finding[], stats: ScanStats, options: ReportOptions) {
  return {
    ...(options.root ? { root: options.root } : {}),
    findings: findings.map((f) => ({
      ruleId: f.ruleId,
      title: f.title,
      path: f.path,
      line: f.line,
      column: f.column,
      endColumn: f.endColumn,
      match: f.redacted,
      ...(options.showSecrets && !f.parameter ? { secret: f.secret } : {}),
      fingerprint: f.fingerprint,
      ...(f.commit ? { commit: f.commit } : {}),
      ...(f.verification ? { verification: f.verification } : {}),
      ...(f.parameter ? { parameter: f.parameter } : {}),
    })),
    stats: { ...stats, oversizedFiles: stats.oversizedFiles ?? [], notScanned: stats.notScanned ?? [] },
    ...(options.coverage
      ? { coverage: { complete: coverageComplete(options.coverage), ...options.coverage } }
      : {}),
  }
}

/** SARIF 2.1.0 as GitHub code scanning ingests it: rules, results, fingerprints. */
function toSarif(findings: readonly Finding[], stats: ScanStats, options: ReportOptions) {
  const ruleIndex = new Map(options.rules.map((r, i) => [r.id, i]))
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'secrets',
            informationUri: 'https://github.com/secrets-cli/secrets',
            semanticVersion: options.version,
            rules: options.rules.map((r) => ({
              id: r.id,
              name: r.id
                .split('-')
                .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
                .join(''),
              shortDescription: { text: r.title },
              fullDescription: { text: `${r.title} committed to the repository.` },
              help: {
                text: 'Revoke and rotate the secret, remove it from the code (and history), and load it at run time instead (`secrets run`). Mark a false positive with a `secrets:allow` comment on the line; one already in the git history goes into the baseline (`secrets scan --history --write-baseline .secrets-baseline.json`).',
              },
              defaultConfiguration: { level: 'error' },
              properties: {
                tags: ['security', 'secret'],
                precision: r.generic ? 'medium' : 'high',
                'security-severity': '8.0',
              },
            })),
          },
        },
        ...(options.root
          ? { originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileUri(options.root) } } }
          : {}),
        // One invocation, when there is anything to say: what a git scan could not read, then
        // files not scanned for their size.
        ...sarifInvocations(stats, options.coverage),
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId) ?? 0,
          level: 'error',
          message: {
            text: `${f.title}: ${shown(f, options.showSecrets)}${f.commit ? ` (commit ${f.commit.sha.slice(0, 12)})` : ''}`,
          },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(f.path), uriBaseId: '%SRCROOT%' },
                region: {
                  startLine: f.line,
                  startColumn: f.column,
                  endColumn: Math.max(f.endColumn, f.column + 1),
                },
              },
            },
          ],
          // A location fingerprint (rule, path, occurrence): nothing in it depends on the secret.
          partialFingerprints: { 'secretsLocation/v1': f.fingerprint },
          ...sarifProperties(f),
        })),
        columnKind: 'utf16CodeUnits',
      },
    ],
  }
}

/** SARIF's invocations: coverage notifications and properties (git scans) and oversized files skipped; none when there is neither. */
function sarifInvocations(stats: ScanStats, coverage: ScanCoverage | undefined) {
  const oversized = (stats.oversizedFiles ?? []).map((o) => ({
    level: 'note',
    descriptor: { id: 'skipped-oversized' },
    message: { text: `Not scanned: ${o.size} bytes, over the scan.maxFileSize limit.` },
    locations: [
      { physicalLocation: { artifactLocation: { uri: encodeURI(o.path), uriBaseId: '%SRCROOT%' } } },
    ],
  }))
  for (const n of stats.notScanned ?? [])
    oversized.push({
      level: 'note',
      descriptor: { id: `skipped-${n.reason}` },
      message: { text: `Not scanned: ${notScannedReason(n)}.` },
      locations: [
        { physicalLocation: { artifactLocation: { uri: encodeURI(n.path), uriBaseId: '%SRCROOT%' } } },
      ],
    })
  if (!coverage && oversized.length === 0) return {}
  const covered = coverage ? sarifInvocation(coverage) : undefined
  return {
    invocations: [
      {
        executionSuccessful: true,
        toolExecutionNotifications: [...(covered?.toolExecutionNotifications ?? []), ...oversized],
        ...(covered ? { properties: covered.properties } : {}),
      },
    ],
  }
}

/** Why a path was not read, in words (stderr under --verbose, SARIF notifications). */
export function notScannedReason(entry: NotScanned): string {
  if (entry.reason === 'symlink') return 'a symbolic link (never followed)'
  if (entry.reason === 'special') return 'not a regular file (FIFO, socket or device)'
  if (entry.reason === 'too-deep') return 'below the directory depth limit of the walk'
  return entry.detail ?? 'a project rule ran out of time'
}

/** `file:///abs/dir/` for an absolute posix or Windows directory (SARIF wants the trailing slash). */
function pathToFileUri(dir: string): string {
  const posix = dir.replace(/\\/g, '/')
  const withSlash = posix.endsWith('/') ? posix : `${posix}/`
  return `file://${withSlash.startsWith('/') ? '' : '/'}${encodeURI(withSlash)}`
}
