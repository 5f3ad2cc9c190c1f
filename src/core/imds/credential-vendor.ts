import { AuthError } from '../../shared/errors.js'
import type { VendedCredentials } from './metadata-response.js'

/** Credentials with less than this left are never vended (SDKs refresh 5–15 min early). */
export const MIN_REMAINING_MS = 15 * 60_000
/** Refresh this long before expiry, so a fresh set is ready before the floor above. */
export const REFRESH_AHEAD_MS = 25 * 60_000
/** Lifetime asked of STS for minted credentials. */
export const MINTED_DURATION_SECONDS = 3600
const RETRY_DELAY_MS = 30_000
const UNKNOWN_EXPIRY_MS = 60 * 60_000

/** The source identity's credentials, as the SDK resolved them. */
export interface SourceCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  expiration?: Date
}

/** The STS calls the vendor needs, bound to the source credentials' region and endpoint. */
export interface StsPort {
  getSessionToken(source: SourceCredentials, durationSeconds: number): Promise<SourceCredentials>
  assumeRole(
    source: SourceCredentials,
    roleArn: string,
    sessionName: string,
    durationSeconds: number,
    /** The inline session policy (JSON); the minted credentials can do at most this. */
    policy?: string,
  ): Promise<SourceCredentials>
  getCallerIdentity(credentials: SourceCredentials): Promise<{ account: string; arn: string }>
}

/** How vended credentials are made from the source. */
export type MintPlan = 'assume-role' | 'session-token' | 'as-is'

/**
 * Decides how to mint: `--role-arn` → AssumeRole; long-term keys (no session token) →
 * GetSessionToken, because long-term keys are never handed to a child; credentials that
 * are already temporary are served as they are (STS refuses GetSessionToken for them).
 */
export function mintPlan(source: Pick<SourceCredentials, 'sessionToken'>, roleArn?: string): MintPlan {
  if (roleArn) return 'assume-role'
  return source.sessionToken ? 'as-is' : 'session-token'
}

/** Returns true when credentials have at least 15 minutes left (or no known expiry). */
export function isVendable(expiration: Date | undefined, now: Date): boolean {
  return expiration === undefined || expiration.getTime() - now.getTime() >= MIN_REMAINING_MS
}

/** Milliseconds until the background refresh: 25 min before expiry, at least 5 s from now. */
export function refreshDelayMs(expiration: Date, now: Date): number {
  const delay = expiration.getTime() - now.getTime() - REFRESH_AHEAD_MS
  return Math.min(Math.max(delay, 5_000), 2_147_483_647)
}

export interface CredentialVendorInput {
  roleArn?: string
  /** The AssumeRole session name (shows in CloudTrail). */
  sessionName: string
  /** The inline session policy for AssumeRole, sent again on every refresh. */
  policy?: string
}

export interface CredentialVendorDeps {
  /** Resolves the source identity's credentials (called again on each refresh). */
  source: () => Promise<SourceCredentials>
  sts: StsPort
  now: () => Date
  /** Told when a background refresh fails (it is retried); never given credential values. */
  onRefreshError?: (error: unknown) => void
  /** Told each time credentials are minted to be vended (the audit log); never given values. */
  onMinted?: () => void
}

/** Temporary credentials kept fresh in the background; `current()` never returns stale ones. */
export interface CredentialVendor {
  current(): Promise<VendedCredentials>
  /** The cached credentials when they may still be vended, without waiting; else undefined. */
  fresh(): VendedCredentials | undefined
  close(): void
}

/** Starts a vendor; call `current()` once to pre-fetch before a child starts. */
export function createCredentialVendor(
  input: CredentialVendorInput,
  deps: CredentialVendorDeps,
): CredentialVendor {
  let cached: VendedCredentials | undefined
  let inFlight: Promise<VendedCredentials> | undefined
  let timer: NodeJS.Timeout | undefined
  let closed = false

  const schedule = (delay: number) => {
    if (closed) return
    clearTimeout(timer)
    timer = setTimeout(() => {
      refresh().catch((error: unknown) => {
        deps.onRefreshError?.(error)
        schedule(RETRY_DELAY_MS)
      })
    }, delay)
    // The refresh timer must never keep the process alive on its own.
    timer.unref()
  }

  const refresh = (): Promise<VendedCredentials> => {
    inFlight ??= mint(input, deps)
      .then((fresh) => {
        cached = fresh
        deps.onMinted?.()
        schedule(refreshDelayMs(fresh.expiration, deps.now()))
        return fresh
      })
      .finally(() => {
        inFlight = undefined
      })
    return inFlight
  }

  return {
    fresh: () => (cached && isVendable(cached.expiration, deps.now()) ? cached : undefined),
    current: async () => {
      if (cached && isVendable(cached.expiration, deps.now())) return cached
      return refresh()
    },
    close: () => {
      closed = true
      clearTimeout(timer)
    },
  }
}

async function mint(input: CredentialVendorInput, deps: CredentialVendorDeps): Promise<VendedCredentials> {
  const source = await deps.source()
  const plan = mintPlan(source, input.roleArn)
  const minted =
    plan === 'assume-role'
      ? await deps.sts.assumeRole(
          source,
          input.roleArn ?? '',
          input.sessionName,
          MINTED_DURATION_SECONDS,
          input.policy,
        )
      : plan === 'session-token'
        ? await deps.sts.getSessionToken(source, MINTED_DURATION_SECONDS)
        : source
  const now = deps.now()
  // Temporary credentials of unknown lifetime (e.g. exported without AWS_CREDENTIAL_EXPIRATION)
  // are announced with one hour: the background refresh re-reads the source well before.
  const expiration = minted.expiration ?? new Date(now.getTime() + UNKNOWN_EXPIRY_MS)
  if (!minted.sessionToken || !isVendable(expiration, now))
    throw new AuthError('The source credentials expire in less than 15 minutes, too soon to hand out.', {
      hint: 'Refresh them (e.g. `secrets login --profile P`), or pass --role-arn to mint new ones.',
      code: 'CredentialsTooShort',
    })
  return {
    accessKeyId: minted.accessKeyId,
    secretAccessKey: minted.secretAccessKey,
    sessionToken: minted.sessionToken,
    expiration,
    lastUpdated: now,
  }
}
