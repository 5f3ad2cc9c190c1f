import { randomUUID } from 'node:crypto'
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'

/** Long-term credentials of an access key. */
export interface TestKey {
  accessKeyId: string
  secretAccessKey: string
}

const admin = (moto: string) =>
  new IAMClient({
    endpoint: moto,
    region: 'us-east-1',
    credentials: {
      accessKeyId: 'AKIAMOTOTESTKEY00001',
      secretAccessKey: 'moto-test-secret-key-not-real-000000000',
    },
  })

/** A fresh IAM user in moto with one access key; unique per call (moto is shared by the run). */
export async function createUserWithKey(
  moto: string,
): Promise<{ userName: string; arn: string; key: TestKey }> {
  const iam = admin(moto)
  const userName = `rot-${randomUUID().slice(0, 12)}`
  const user = await iam.send(new CreateUserCommand({ UserName: userName }))
  const key = await addKey(moto, userName)
  iam.destroy()
  return { userName, arn: user.User?.Arn ?? '', key }
}

/** Creates another access key for the user (to reach the two-key limit). */
export async function addKey(moto: string, userName: string, status?: 'Inactive'): Promise<TestKey> {
  const iam = admin(moto)
  const out = await iam.send(new CreateAccessKeyCommand({ UserName: userName }))
  const key = {
    accessKeyId: out.AccessKey?.AccessKeyId ?? '',
    secretAccessKey: out.AccessKey?.SecretAccessKey ?? '',
  }
  if (status)
    await iam.send(
      new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: key.accessKeyId, Status: status }),
    )
  iam.destroy()
  return key
}

/** IAM's view of the user's keys: id → status. */
export async function listKeys(moto: string, userName: string): Promise<Record<string, string>> {
  const iam = admin(moto)
  const out = await iam.send(new ListAccessKeysCommand({ UserName: userName }))
  iam.destroy()
  return Object.fromEntries((out.AccessKeyMetadata ?? []).map((k) => [k.AccessKeyId ?? '', k.Status ?? '']))
}

/**
 * The ARN moto reports for a key. moto accepts any credentials but maps keys it issued to
 * their IAM user (unknown keys come back as `user/moto`), so "returns the user's ARN" is
 * what proves a stored key is a real key of that user.
 */
export async function callerArn(moto: string, key: TestKey): Promise<string> {
  const sts = new STSClient({ endpoint: moto, region: 'us-east-1', credentials: key, maxAttempts: 1 })
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? ''
  } finally {
    sts.destroy()
  }
}
