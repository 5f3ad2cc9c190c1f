import { LocalEnvError, UsageError } from '../../shared/errors.js'
import { KeychainItem, type Keychain } from '../keychain/index.js'
import { parseJsonOrUndefined } from '../../shared/json.js'

/**
 * An IAM user's long-term access key as `secrets add-key` stores it: one keychain item per
 * profile (JSON), so a user unlocks once. Only `accessKeyId` may ever be shown.
 */
export interface StoredAccessKey {
  accessKeyId: string
  secretAccessKey: string
  /** When the key was created (IAM's CreateDate after a rotation; the add time otherwise). */
  created: string
  /** When `secrets rotate aws-key` last replaced it; undefined for a key never rotated. */
  rotated?: string
}

/** Long-term IAM user keys start with AKIA; ASIA keys are temporary and need a session token. */
const ACCESS_KEY_ID = /^AKIA[A-Z0-9]{16}$/
const SECRET_ACCESS_KEY = /^[A-Za-z0-9/+=]{16,128}$/

/** Validates an access key id; the error says what a valid one looks like. */
export function validateAccessKeyId(id: string): string {
  const trimmed = id.trim()
  if (/^ASIA/.test(trimmed)) {
    throw new UsageError('That access key id starts with ASIA: it is temporary and cannot be stored.', {
      hint: 'Store a long-term IAM user key (it starts with AKIA), or use `secrets login` for SSO.',
      code: 'BadAccessKeyId',
    })
  }
  if (!ACCESS_KEY_ID.test(trimmed)) {
    throw new UsageError('That is not an IAM access key id (expected AKIA followed by 16 capitals/digits).', {
      hint: 'Copy the "Access key ID" column from the IAM console or `aws iam list-access-keys`.',
      code: 'BadAccessKeyId',
    })
  }
  return trimmed
}

/** Validates a secret access key's shape without ever echoing it. */
export function validateSecretAccessKey(secret: string): string {
  const trimmed = secret.trim()
  if (!SECRET_ACCESS_KEY.test(trimmed)) {
    throw new UsageError(
      'That does not look like a secret access key (16-128 characters of A-Z a-z 0-9 / + =).',
      {
        hint: 'Paste the secret access key shown when the key was created, on its own line.',
        code: 'BadSecretAccessKey',
      },
    )
  }
  return trimmed
}

/** Splits `add-key`'s stdin (id on line 1, secret on line 2) into a validated pair. */
export function parseAccessKeyLines(
  text: string,
  profile = 'P',
): { accessKeyId: string; secretAccessKey: string } {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '')
  if (lines.length !== 2) {
    throw new UsageError(
      `Expected two lines on stdin (access key id, then secret access key), got ${lines.length}.`,
      {
        hint: `printf '%s\\n%s\\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" | secrets add-key --profile ${profile}`,
        code: 'BadKeyInput',
      },
    )
  }
  return {
    accessKeyId: validateAccessKeyId(lines[0] ?? ''),
    secretAccessKey: validateSecretAccessKey(lines[1] ?? ''),
  }
}

/** Serialises the keychain item. */
export function serializeAccessKey(key: StoredAccessKey): string {
  return JSON.stringify({ version: 1, ...key })
}

/** Parses the keychain item; a damaged item is a local-environment problem, never echoed. */
export function parseStoredAccessKey(raw: string, profile: string): StoredAccessKey {
  const d = parseJsonOrUndefined(raw) as Partial<StoredAccessKey> | undefined
  if (
    !d ||
    typeof d.accessKeyId !== 'string' ||
    typeof d.secretAccessKey !== 'string' ||
    typeof d.created !== 'string' ||
    (d.rotated !== undefined && typeof d.rotated !== 'string')
  ) {
    throw new LocalEnvError(`The access key stored for profile ${profile} is damaged.`, {
      hint: `Store it again: \`secrets add-key --profile ${profile} --replace\`.`,
      code: 'StoredKeyDamaged',
    })
  }
  return {
    accessKeyId: d.accessKeyId,
    secretAccessKey: d.secretAccessKey,
    created: d.created,
    ...(d.rotated ? { rotated: d.rotated } : {}),
  }
}

/** Reads the key stored for a profile; undefined when there is none. */
export async function readStoredAccessKey(
  keychain: Keychain,
  profile: string,
): Promise<StoredAccessKey | undefined> {
  const raw = await keychain.get(KeychainItem.accessKey(profile))
  return raw === undefined ? undefined : parseStoredAccessKey(raw, profile)
}

/** Profiles whose key is stored, from the keychain's item names. */
export function profilesWithStoredKeys(itemNames: string[]): string[] {
  const prefix = KeychainItem.accessKey('')
  return itemNames
    .filter((n) => n.startsWith(prefix))
    .map((n) => n.slice(prefix.length))
    .sort()
}
