import { nodeCrypto } from '../../../shared/lazy-modules.js'
import { maskValue } from '../../../shared/redact.js'
import type { Finding } from './types.js'

/**
 * A finding's stable identity for baselines and SARIF: a hash of rule, path and secret, so it
 * survives line moves but changes when the secret does. It never contains the secret; for a
 * random token the hash reveals nothing, and the path and rule salt it against lookup tables.
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
