import type { Finding } from '../engine/types.js'
import type { Candidate, Verification, Verifier } from './types.js'

export interface VerifyOptions {
  /** The bound on one check (default 5 s); past it the result is `unknown`. */
  timeoutMs?: number
  /** The least time between two checks of one verifier (default 250 ms): a rate limit. */
  minIntervalMs?: number
  /** At most this many checks per verifier and run (default 50); the rest are `unknown`. */
  maxChecks?: number
  /** For a verified credential: the user's profile that stores it, if any (AWS keys). */
  ownProfile?: (candidate: Candidate, verifier: string) => Promise<string | undefined>
  sleep?: (ms: number) => Promise<void>
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Asks each finding's issuer whether it is live, one verifier at a time and its checks one
 * after another (rate-limited, each bounded in time). Returns a verification for every finding
 * a verifier covers; findings no verifier covers get none. Never throws for a check.
 */
export async function verifyFindings(
  findings: readonly Finding[],
  verifiers: readonly Verifier[],
  options: VerifyOptions = {},
): Promise<Map<Finding, Verification>> {
  const out = new Map<Finding, Verification>()
  const timeoutMs = options.timeoutMs ?? 5_000
  const minInterval = options.minIntervalMs ?? 250
  const maxChecks = options.maxChecks ?? 50
  const sleep = options.sleep ?? sleepFor
  for (const verifier of verifiers) {
    const covered = findings.filter((f) => verifier.rules.includes(f.ruleId))
    if (covered.length === 0) continue
    for (const f of covered) out.set(f, { status: 'unknown', verifier: verifier.id })
    let last = 0
    let checks = 0
    for (const candidate of verifier.candidates(covered)) {
      if (checks++ >= maxChecks) break
      const wait = last + minInterval - Date.now()
      if (last > 0 && wait > 0) await sleep(wait)
      last = Date.now()
      const result = await boundedCheck(verifier, candidate, timeoutMs)
      if (!result) continue
      const verification: Verification = {
        status: result.status,
        verifier: verifier.id,
        ...(result.identity ? { identity: result.identity } : {}),
      }
      if (result.status === 'verified' && options.ownProfile) {
        const profile = await options.ownProfile(candidate, verifier.id).catch(() => undefined)
        if (profile) Object.assign(verification, { profile, remedy: remedyFor(verifier.id, profile) })
      }
      // A pair is as live as its best answer: a key id checked with two secrets is verified
      // when one of them works.
      for (const f of candidate.findings) {
        const previous = out.get(f)
        if (!previous || rank(verification) < rank(previous)) out.set(f, verification)
      }
    }
  }
  return out
}

function rank(v: Verification): number {
  return v.status === 'verified' ? 0 : v.status === 'unverified' ? 1 : 2
}

function remedyFor(verifier: string, profile: string): string | undefined {
  return verifier === 'aws-sts' ? `secrets rotate aws-key --profile ${profile}` : undefined
}

async function boundedCheck(
  verifier: Verifier,
  candidate: Candidate,
  timeoutMs: number,
): Promise<{ status: 'verified' | 'unverified'; identity?: string } | undefined> {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      controller.abort()
      resolve(undefined)
    }, timeoutMs)
  })
  try {
    return await Promise.race([verifier.check(candidate, controller.signal).catch(() => undefined), deadline])
  } finally {
    clearTimeout(timer)
  }
}

/** Verified first, then unverified, then the rest; stable within each group. */
export function sortByVerification(
  findings: readonly Finding[],
  verifications: ReadonlyMap<Finding, Verification>,
): Finding[] {
  const order = (f: Finding) => {
    const v = verifications.get(f)
    return v ? rank(v) : 3
  }
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => order(a.f) - order(b.f) || a.i - b.i)
    .map(({ f }) => f)
}
