import type { Finding } from '../engine/types.js'
import { sortByVerification, verifyFindings, type VerifyOptions } from './registry.js'
import type { Verifier } from './types.js'

/**
 * `scan --verify` / `--only-verified` after the findings are final: asks the issuers, attaches
 * each finding's verification, puts verified findings first, and with `onlyVerified` keeps
 * only those.
 */
export async function applyVerification(
  findings: readonly Finding[],
  verifiers: readonly Verifier[],
  options: VerifyOptions & { onlyVerified?: boolean },
): Promise<Finding[]> {
  const verifications = await verifyFindings(findings, verifiers, options)
  const attached = findings.map((f) => {
    const v = verifications.get(f)
    return v ? { ...f, verification: v } : f
  })
  const byOriginal = new Map(findings.map((f, i) => [f, attached[i] ?? f]))
  const sorted = sortByVerification(findings, verifications).map((f) => byOriginal.get(f) ?? f)
  return options.onlyVerified ? sorted.filter((f) => f.verification?.status === 'verified') : sorted
}
