import { nodeCrypto } from '../../../shared/lazy-modules.js'
import { maskValue } from '../../../shared/redact.js'
import type { Finding } from './types.js'

/**
 * A finding's identity inside one scan (one finding per secret and path in --history): a
 * fast hash of rule, path and secret. It never leaves the process: a fast hash of a short
 * password in a committed or uploaded file can be reversed by guessing (issue 19, item 7).
 * What reports carry is `locationFingerprint`; baselines hold a slow salted hash
 * (src/core/scan/baseline-file.ts).
 */
export function fingerprintOf(ruleId: string, path: string, secret: string): string {
  return nodeCrypto().createHash('sha256').update(`${ruleId}\0${path}\0${secret}`).digest('hex').slice(0, 32)
}

/** The masked form shown in every output format by default (`****wxyz`, or `****`). */
export function redactSecret(secret: string): string {
  // Secrets under 20 characters (passwords) show nothing: four characters of a short
  // password are a large share of it.
  if (secret.length < 20) return '****'
  // The mask stays one clean token: never a quote, bracket or line break of the value.
  const masked = maskValue(secret)
  return /[\s"'`()[\]{}<>]/.test(masked.slice(4)) ? '****' : masked
}

/** One finding per fingerprint, keeping the oldest commit (where the secret leaked first). */
export function oldestPerFingerprint(findings: readonly Finding[]): Finding[] {
  const byFingerprint = new Map<string, Finding>()
  for (const f of findings) {
    const seen = byFingerprint.get(f.fingerprint)
    if (!seen || (f.commit && seen.commit && f.commit.date < seen.commit.date))
      byFingerprint.set(f.fingerprint, f)
  }
  return [...byFingerprint.values()]
}

/**
 * The fingerprint JSON and SARIF carry: rule, path and the finding's rank among that rule's
 * findings in that file (by line, then column). Nothing in it depends on the secret, so
 * there is nothing to guess; it survives edits elsewhere in the file and moves with the file.
 * Replaces the in-scan identity on every finding a scan returns.
 */
export function withLocationFingerprints(findings: readonly Finding[]): Finding[] {
  const rank = new Map<string, number>()
  const ordered = [...findings].sort(
    (a, b) =>
      a.path.localeCompare(b.path) ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.commit?.date ?? '').localeCompare(b.commit?.date ?? ''),
  )
  const located = new Map<Finding, string>()
  for (const f of ordered) {
    const key = `${f.ruleId}\0${f.path}`
    const n = rank.get(key) ?? 0
    rank.set(key, n + 1)
    located.set(
      f,
      nodeCrypto().createHash('sha256').update(`location\0${key}\0${n}`).digest('hex').slice(0, 32),
    )
  }
  return findings.map((f) => ({ ...f, fingerprint: located.get(f) ?? '' }))
}
