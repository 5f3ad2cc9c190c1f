import type { Finding, FindingVerification } from '../engine/types.js'

/** What a credential's issuer said about it: live, refused, or no answer (offline, timeout, no verifier). */
export type VerificationStatus = FindingVerification['status']

/** A finding's verification result. Never holds a secret value. */
export type Verification = FindingVerification

/** The credential a verifier checks: one or more findings (an AWS key id and its secret). */
export interface Candidate {
  findings: Finding[]
  /** The values the check needs, by the verifier's own names; held in memory only. */
  parts: Record<string, string>
}

/**
 * One issuer's check. `candidates` picks and pairs the findings it can check; `check` asks
 * the issuer (only the issuer's own endpoint) within `signal`, and resolves to `verified` or
 * `unverified`; any failure to get an answer is `unknown` (the registry catches it).
 */
export interface Verifier {
  id: string
  /** The rules whose findings it can check. */
  rules: readonly string[]
  candidates(findings: readonly Finding[]): Candidate[]
  check(
    candidate: Candidate,
    signal: AbortSignal,
  ): Promise<{ status: 'verified' | 'unverified'; identity?: string }>
}
