/**
 * Secret scanning. engine/ is the pure detector (rules, matching, redaction, fingerprints,
 * suppression, report text); the modules here feed it: file-source and file-read (the tree),
 * git-source (index and history blobs), worker-pool and scan-worker (threads), baseline-file,
 * scan-input (flags to input), scan-project (the one entry point; it loads the project's scan
 * config) and git-hook (the pre-commit hook installer). May import src/shared and other
 * areas' index.ts.
 */
import type { Verifier } from './verify/index.js'

export { scanProject, DEFAULT_BASELINE } from './scan-project.js'
export { oldFormatNotice } from './baseline-file.js'
export type { BaselineChanges } from './baseline-file.js'
export type { ScanInput, ScanDeps, ScanResult, ScanMode } from './scan-project.js'
export { scanInputOf } from './scan-input.js'
export { listRules } from './rule-list.js'
export type { RuleListing } from './rule-list.js'
export type { ScanFlags } from './scan-input.js'
export { installHook, uninstallHook, HOOK_MARKER } from './git-hook.js'
export type { HookResult, HookAdvice } from './git-hook.js'
export {
  BUILTIN_RULES,
  compileRuleSet,
  scanBytes,
  ALLOW_MARKER,
  parseScanConfig,
  formatReport,
  FORMATS,
  notScannedReason,
  quoteForTerminal,
  checkSecretDisplay,
  LeaksFoundError,
  summarizeScan,
  coverageComplete,
  coverageNotices,
  HistoryIncompleteError,
} from './engine/index.js'
export type { Finding, Rule, ReportFormat, ScanStats, ScanCoverage } from './engine/index.js'
export { withTokenChecksum } from './engine/index.js'
export type { KnownValue, KnownValueSources } from './known-values/index.js'
export type { Verification, VerificationStatus, Verifier, VerifyOptions } from './verify/index.js'

/** `scan --known-values`: the project's current values through its store (loaded on demand). */
export async function collectKnownValues(
  sources: import('./known-values/index.js').KnownValueSources,
): Promise<import('./known-values/index.js').KnownValue[]> {
  return (await import('./known-values/collect.js')).collectKnownValues(sources)
}

/** `scan --verify`: the built-in verifiers, one per issuer (loaded on demand). */
export async function builtinVerifiers(env: NodeJS.ProcessEnv = process.env): Promise<Verifier[]> {
  return (await import('./verify/index.js')).builtinVerifiers(env)
}
