import { looksBinary } from './binary-content.js'
import { fingerprintOf, redactSecret } from './finding-identity.js'
import type { RuleSet } from './rule-set.js'
import { scanBytes } from './scan-text.js'
import type { Finding } from './types.js'

/**
 * Scans one whole file: its whole-file rules (key containers, binary or not) and, for text,
 * the line rules. `binary` says the file was binary and nothing recognised it (skipped).
 */
export function scanFile(
  bytes: Buffer,
  path: string,
  ruleSet: RuleSet,
  counts?: { allowed: number },
): { findings: Finding[]; binary: boolean } {
  const findings = scanContainers(bytes, path, ruleSet)
  if (looksBinary(bytes)) return { findings, binary: findings.length === 0 }
  return {
    findings: findings.length
      ? [...findings, ...scanBytes(bytes, path, ruleSet, counts)]
      : scanBytes(bytes, path, ruleSet, counts),
    binary: false,
  }
}

/** Findings of the whole-file rules whose path pattern matches `path`: one per rule, at line 1. */
export function scanContainers(bytes: Buffer, path: string, ruleSet: RuleSet): Finding[] {
  const findings: Finding[] = []
  for (const ruleIndex of ruleSet.containers) {
    const rule = ruleSet.rules[ruleIndex]
    if (!rule?.container || !rule.container.path.test(path) || !rule.container.test(bytes)) continue
    // The container is the secret: its bytes in base64 fingerprint it (a new key, a new
    // finding) and are what --show-secrets would print.
    const secret = bytes.toString('base64')
    findings.push({
      ruleId: rule.id,
      title: rule.title,
      path,
      line: 1,
      column: 1,
      endColumn: 1,
      secret,
      redacted: redactSecret(secret),
      fingerprint: fingerprintOf(rule.id, path, secret),
    })
  }
  return findings
}
