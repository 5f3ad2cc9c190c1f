import { KeychainItem, type Keychain } from '../keychain/index.js'
import { SecretsError } from '../../shared/errors.js'
import { hasOwnCredentialSource, isSsoProfile, readProfileSettings, regionFor } from './aws-profile.js'
import { readStoredAccessKey, type StoredAccessKey } from './stored-access-key.js'
import type { AwsCredentialIdentity, CredentialsProvider, IdentityDeps } from './types.js'

/** A GetSessionToken result cached in the keychain, tied to the key it was derived from. */
export interface CachedStsSession {
  /** The long-term key id the session came from: a session of a rotated-away key is never used. */
  sourceKeyId: string
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  expiration: string
}

/** Gets temporary credentials for a long-term key (sts:GetSessionToken). */
export type SessionTokenPort = (input: {
  profile: string
  key: Pick<StoredAccessKey, 'accessKeyId' | 'secretAccessKey'>
  region: string
  durationSeconds: number
}) => Promise<Omit<CachedStsSession, 'sourceKeyId'>>

/** One hour, as aws-vault: short enough to limit a leak, long enough to avoid STS churn. */
export const SESSION_SECONDS = 3600
/** A cached session is replaced this long before it expires, so no call starts on a dying one. */
export const REFRESH_MARGIN_MS = 15 * 60_000

/** True when a cached session can still be handed out at `now`. */
export function isSessionUsable(session: CachedStsSession, sourceKeyId: string, now: Date): boolean {
  const expires = Date.parse(session.expiration)
  return (
    session.sourceKeyId === sourceKeyId &&
    Number.isFinite(expires) &&
    expires - REFRESH_MARGIN_MS > now.getTime()
  )
}

/**
 * Credentials for a profile whose IAM user access key was stored with `secrets add-key`:
 * temporary STS session credentials derived from it, cached in the keychain until 15 min
 * before expiry. Undefined when no key is stored (SSO profiles are not even looked up).
 * The long-term key itself never reaches a child process or a metadata endpoint.
 */
export async function accessKeySessionCredentials(
  profile: string,
  deps: IdentityDeps,
  getSessionToken: SessionTokenPort = stsGetSessionToken,
): Promise<CredentialsProvider | undefined> {
  const settings = await readProfileSettings(deps.env, profile)
  if (isSsoProfile(settings)) return undefined
  const keychain = deps.keychain()
  let stored: StoredAccessKey | undefined
  try {
    stored = await readStoredAccessKey(keychain, profile)
  } catch (error) {
    // No usable keychain means no stored key. A profile that ~/.aws gives credentials of its
    // own (CI, a credential_process) then still works; any other profile gets the keychain
    // error, which names both remedies, rather than a confusing SDK error.
    if (isKeychainAbsent(error) && (await hasOwnCredentialSource(deps.env, profile))) return undefined
    throw error
  }
  if (!stored) return undefined
  const region = regionFor(deps.env, settings)
  const now = deps.now ?? (() => new Date())
  let current: CachedStsSession | undefined
  return async (): Promise<AwsCredentialIdentity> => {
    if (current && isSessionUsable(current, stored.accessKeyId, now())) return toIdentity(current)
    const cached = await readCachedSession(keychain, profile)
    if (cached && isSessionUsable(cached, stored.accessKeyId, now())) {
      current = cached
      return toIdentity(cached)
    }
    const fresh = await getSessionToken({ profile, key: stored, region, durationSeconds: SESSION_SECONDS })
    current = { sourceKeyId: stored.accessKeyId, ...fresh }
    await keychain.set(KeychainItem.stsSession(profile), JSON.stringify({ version: 1, ...current }))
    return toIdentity(current)
  }
}

async function readCachedSession(keychain: Keychain, profile: string): Promise<CachedStsSession | undefined> {
  const raw = await keychain.get(KeychainItem.stsSession(profile))
  if (raw === undefined) return undefined
  try {
    const d = JSON.parse(raw) as Partial<CachedStsSession>
    const fields = [d.sourceKeyId, d.accessKeyId, d.secretAccessKey, d.sessionToken, d.expiration]
    // A damaged cache entry is simply replaced by a fresh session.
    return fields.every((f) => typeof f === 'string') ? (d as CachedStsSession) : undefined
  } catch {
    return undefined
  }
}

function isKeychainAbsent(error: unknown): boolean {
  return error instanceof SecretsError && ['KeychainUnavailable', 'KeychainNoPassphrase'].includes(error.code)
}

function toIdentity(s: CachedStsSession): AwsCredentialIdentity {
  return {
    accessKeyId: s.accessKeyId,
    secretAccessKey: s.secretAccessKey,
    sessionToken: s.sessionToken,
    expiration: new Date(s.expiration),
  }
}

/** The real port: sts:GetSessionToken signed with the long-term key. */
const stsGetSessionToken: SessionTokenPort = async ({ profile, key, region, durationSeconds }) => {
  const [{ withAwsClient }, { toRemoteError }] = await Promise.all([
    import('../../shared/aws-client.js'),
    import('../../shared/aws-errors.js'),
  ])
  const credentials = { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }
  try {
    return await withAwsClient('sts', { region, credentials }, { maxAttempts: 5 }, async (sdk, client) => {
      const out = await client.send(new sdk.GetSessionTokenCommand({ DurationSeconds: durationSeconds }))
      const c = out.Credentials
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
        throw new Error('GetSessionToken returned no credentials')
      }
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration.toISOString(),
      }
    })
  } catch (error) {
    throw toRemoteError(
      error,
      `getting a session for stored key ${key.accessKeyId} (sts:GetSessionToken)`,
      `store a working key with \`secrets add-key --profile ${profile} --replace\``,
    )
  }
}
