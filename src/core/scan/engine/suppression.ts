import { picomatch } from '../../../shared/lazy-modules.js'
import { UsageError } from '../../../shared/errors.js'
import type { ScanConfig } from './scan-config.js'
import type { Finding } from './types.js'

/** Builds the predicate that drops findings allowed by path globs and secret patterns. */
export function allowlistFilter(
  config: ScanConfig,
): (finding: Finding, configRelativePath: string) => boolean {
  const pathMatch = config.allowPaths.length > 0 ? picomatch()(config.allowPaths, { dot: true }) : () => false
  return (finding, configRelativePath) =>
    !pathMatch(configRelativePath) && !config.allowPatterns.some((re) => re.test(finding.secret))
}

/** The baseline file: fingerprints of accepted findings, never the secrets themselves. */
export interface Baseline {
  version: 1
  tool: 'secrets'
  findings: { fingerprint: string; ruleId: string; path: string }[]
}

/** Serialises findings into a baseline (fingerprint, rule and path only). */
export function toBaseline(findings: readonly Finding[]): Baseline {
  const seen = new Set<string>()
  const entries: Baseline['findings'] = []
  for (const f of findings) {
    if (seen.has(f.fingerprint)) continue
    seen.add(f.fingerprint)
    entries.push({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.path })
  }
  entries.sort((a, b) => a.path.localeCompare(b.path) || a.fingerprint.localeCompare(b.fingerprint))
  return { version: 1, tool: 'secrets', findings: entries }
}

/** Parses a baseline file's text into its set of fingerprints; errors name the file. */
export function parseBaseline(text: string, file: string): Set<string> {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw new UsageError(`${file} is not a valid baseline (not JSON).`, {
      hint: 'Recreate it with `secrets scan --write-baseline FILE`.',
    })
  }
  const findings = (data as { findings?: unknown })?.findings
  if (!Array.isArray(findings) || !findings.every((f) => typeof f?.fingerprint === 'string')) {
    throw new UsageError(`${file} is not a valid baseline ("findings" must list fingerprints).`, {
      hint: 'Recreate it with `secrets scan --write-baseline FILE`.',
    })
  }
  return new Set(findings.map((f: { fingerprint: string }) => f.fingerprint))
}
