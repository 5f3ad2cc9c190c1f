import type { IAMClient } from '@aws-sdk/client-iam'
import { withAwsClient } from '../../shared/aws-client.js'
import type { AwsContext } from '../../shared/aws-config.js'
import { toRemoteError } from '../../shared/aws-errors.js'
import { LocalEnvError } from '../../shared/errors.js'
import { KeychainItem, type Keychain } from '../keychain/index.js'
import type { IamAccessKey } from './aws-key-plan.js'
import { readStoredAccessKey, serializeAccessKey, type StoredAccessKey } from '../identity/index.js'

/** Long-term credentials of one access key. */
export interface KeyCredentials {
  accessKeyId: string
  secretAccessKey: string
}

export interface NewAccessKey extends KeyCredentials {
  created: Date
}

/**
 * The side effects of a rotation, one method per step, so the executor can be driven with
 * a fault injected at any step. Each method makes exactly one attempt; retrying is the
 * executor's decision.
 */
export interface AwsKeySteps {
  /** sts:GetCallerIdentity as `key`; returns the caller's ARN. */
  identify(key: KeyCredentials): Promise<string>
  listKeys(userName: string, as: KeyCredentials): Promise<IamAccessKey[]>
  /** When a key was last used (and for which service); undefined when never. */
  lastUsed(accessKeyId: string, as: KeyCredentials): Promise<{ date?: Date; service?: string }>
  createKey(userName: string, as: KeyCredentials): Promise<NewAccessKey>
  /** One sts:GetCallerIdentity attempt with the new key; returns its ARN. */
  verifyKey(key: KeyCredentials): Promise<string>
  /** Writes the keychain item and reads it back. */
  storeKey(profile: string, item: StoredAccessKey): Promise<void>
  readStoredKey(profile: string): Promise<StoredAccessKey | undefined>
  discardSessions(profile: string): Promise<void>
  deactivateKey(userName: string, accessKeyId: string, as: KeyCredentials): Promise<void>
  deleteKey(userName: string, accessKeyId: string, as: KeyCredentials): Promise<void>
}

export interface AwsKeyStepsDeps {
  keychain: Keychain
  region: string
}

/**
 * The real steps: IAM and STS clients signed with an explicit long-term key (GetSessionToken
 * credentials cannot call IAM without MFA), endpoints from AWS_ENDPOINT_URL[_IAM|_STS] as the
 * SDK resolves them, and the keychain.
 */
export function awsKeySteps(deps: AwsKeyStepsDeps): AwsKeySteps {
  const signedWith = (key: KeyCredentials): AwsContext => ({
    region: deps.region,
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
  })
  const iam = async <T>(
    what: string,
    key: KeyCredentials,
    fn: (sdk: typeof import('@aws-sdk/client-iam'), c: IAMClient) => Promise<T>,
  ) => {
    try {
      return await withAwsClient('iam', signedWith(key), { maxAttempts: 3 }, fn)
    } catch (error) {
      throw toRemoteError(error, what)
    }
  }
  // One attempt: retrying through IAM propagation is the executor's decision.
  const sts = async (key: KeyCredentials): Promise<string> => {
    try {
      return await withAwsClient('sts', signedWith(key), { maxAttempts: 1 }, async (sdk, client) => {
        const out = await client.send(new sdk.GetCallerIdentityCommand({}))
        return out.Arn ?? ''
      })
    } catch (error) {
      throw toRemoteError(error, `calling sts:GetCallerIdentity with key ${key.accessKeyId}`)
    }
  }
  const keychainCall = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn()
    } catch (error) {
      if (error instanceof LocalEnvError) throw error
      throw new LocalEnvError(`The keychain failed to ${what}: ${(error as Error).message}`, { cause: error })
    }
  }
  return {
    identify: sts,
    verifyKey: sts,
    listKeys: (userName, as) =>
      iam(`listing the access keys of ${userName}`, as, async (sdk, c) => {
        const keys: IamAccessKey[] = []
        for await (const page of sdk.paginateListAccessKeys({ client: c }, { UserName: userName })) {
          for (const k of page.AccessKeyMetadata ?? []) {
            keys.push({
              accessKeyId: k.AccessKeyId ?? '',
              status: k.Status === 'Active' ? 'Active' : 'Inactive',
              ...(k.CreateDate ? { created: k.CreateDate } : {}),
            })
          }
        }
        return keys
      }),
    lastUsed: (id, as) =>
      iam(`reading when ${id} was last used`, as, async (sdk, c) => {
        const out = await c.send(new sdk.GetAccessKeyLastUsedCommand({ AccessKeyId: id }))
        const used = out.AccessKeyLastUsed
        return {
          ...(used?.LastUsedDate ? { date: used.LastUsedDate } : {}),
          ...(used?.ServiceName && used.ServiceName !== 'N/A' ? { service: used.ServiceName } : {}),
        }
      }),
    createKey: (userName, as) =>
      iam(`creating an access key for ${userName}`, as, async (sdk, c) => {
        const out = await c.send(new sdk.CreateAccessKeyCommand({ UserName: userName }))
        const k = out.AccessKey
        if (!k?.AccessKeyId || !k.SecretAccessKey) throw new Error('CreateAccessKey returned no key')
        return {
          accessKeyId: k.AccessKeyId,
          secretAccessKey: k.SecretAccessKey,
          created: k.CreateDate ?? new Date(),
        }
      }),
    storeKey: (profile, item) =>
      keychainCall('store the new key', async () => {
        await deps.keychain.set(KeychainItem.accessKey(profile), serializeAccessKey(item))
        const back = await readStoredAccessKey(deps.keychain, profile)
        // Read back: a keychain that accepted the write but holds something else must not count as stored.
        if (back?.accessKeyId !== item.accessKeyId || back.secretAccessKey !== item.secretAccessKey) {
          throw new LocalEnvError('the keychain did not return the key just written')
        }
      }),
    readStoredKey: (profile) =>
      keychainCall('read the stored key', () => readStoredAccessKey(deps.keychain, profile)),
    discardSessions: (profile) =>
      keychainCall('discard the cached STS session', async () => {
        await deps.keychain.delete(KeychainItem.stsSession(profile))
      }),
    deactivateKey: (userName, id, as) =>
      iam(`deactivating ${id}`, as, async (sdk, c) => {
        await c.send(
          new sdk.UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: id, Status: 'Inactive' }),
        )
      }),
    deleteKey: (userName, id, as) =>
      iam(`deleting ${id}`, as, async (sdk, c) => {
        await c.send(new sdk.DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: id }))
      }),
  }
}
