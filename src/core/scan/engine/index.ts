/**
 * The scan engine: pure detection. Rules and their compilation (keyword index), matching
 * bytes against them, entropy, checksums, hard negatives, suppression comments, redaction
 * and fingerprints, allowlists and baselines as data, report and summary formatting.
 * Bytes and settings in, findings and text out: no disk, no git, no threads, no process.
 * It may import only shared pure modules (src/shared/errors, src/shared/redact) and pure
 * packages (picomatch); the sources around it (src/core/scan/*) feed it and lint keeps
 * node:fs, node:child_process, node:worker_threads and execa out.
 */
export { BUILTIN_RULES, isGenericSecret } from './rules/index.js'
export { compileRuleSet } from './rule-set.js'
export type { RuleSet } from './rule-set.js'
export { buildKeywordIndex } from './keyword-index.js'
export type { KeywordIndex } from './keyword-index.js'
export { scanBytes, ALLOW_MARKER } from './scan-text.js'
export { looksBinary } from './binary-content.js'
export { scanFile, scanContainers } from './scan-file.js'
export { shannonEntropy, charClassCount } from './entropy.js'
export { crc32, base62, hasTokenChecksum, withTokenChecksum } from './checksum.js'
export {
  fingerprintOf,
  redactSecret,
  oldestPerFingerprint,
  withLocationFingerprints,
} from './finding-identity.js'
export { quoteForTerminal } from './terminal-text.js'
export { parseScanConfig, DEFAULT_MAX_FILE_SIZE } from './scan-config.js'
export type { ScanConfig } from './scan-config.js'
export { customRule, namedGroups } from './custom-rules.js'
export type { CustomRuleSpec } from './custom-rules.js'
export { adversarialInputs, REDOS_BOUND_MS } from './redos-probe.js'
export { allowlistFilter } from './suppression.js'
export { emptyBatchStats, addBatchStats, addNotScanned } from './scan-stats.js'
export type { BatchStats, NotScanned } from './scan-stats.js'
export { formatReport, FORMATS, notScannedReason } from './report-format.js'
export { coverageComplete, coverageNotices, HistoryIncompleteError } from './report-coverage.js'
export type { ScanCoverage, UnreadBlob } from './report-coverage.js'
export { checkSecretDisplay } from './secret-display.js'
export type { ReportFormat, ReportOptions, ScanStats } from './report-format.js'
export { LeaksFoundError, summarizeScan } from './scan-summary.js'
export type { FoundIn, BaselineSummary } from './scan-summary.js'
export type { Finding, Rule, MatchContext, SkipReason } from './types.js'
