import { UsageError } from '../../shared/errors.js'
import { KeychainItem, type Keychain } from '../keychain/index.js'
import { awsConfigFile, isSsoProfile, readProfileSettings } from './aws-profile.js'
import { readStoredAccessKey, serializeAccessKey, type StoredAccessKey } from './stored-access-key.js'

export interface AddAccessKeyInput {
  profile: string
  accessKeyId: string
  secretAccessKey: string
  /** Overwrite a key already stored for the profile. */
  replace: boolean
}

export interface AddAccessKeyDeps {
  env: NodeJS.ProcessEnv
  keychain: () => Keychain
  now?: () => Date
}

export interface AddAccessKeyResult {
  profile: string
  accessKeyId: string
  /** The id of the key this one replaced, if any. */
  replaced?: string
}

/** Validates the profile name the way the AWS CLI accepts it in `[profile NAME]`. */
export function validateProfileName(profile: string): string {
  if (!/^[A-Za-z0-9_.+@-]{1,128}$/.test(profile)) {
    throw new UsageError(`"${profile}" is not a usable profile name.`, {
      hint: 'Use letters, digits and . _ - + @ only.',
      code: 'BadProfile',
    })
  }
  return profile
}

/**
 * Stores an IAM user's access key for a profile in the keychain (one item), refusing SSO
 * profiles and, unless asked to replace, a profile that already has a key.
 */
export async function addAccessKey(
  input: AddAccessKeyInput,
  deps: AddAccessKeyDeps,
): Promise<AddAccessKeyResult> {
  const profile = validateProfileName(input.profile)
  const settings = await readProfileSettings(deps.env, profile)
  if (isSsoProfile(settings)) {
    // An SSO profile already gets short-lived role credentials; a long-term key beside it
    // would silently take precedence (stored keys win in resolveAwsContext) and outlive the SSO policy.
    throw new UsageError(
      `Profile ${profile} is an IAM Identity Center (SSO) profile in ${awsConfigFile(deps.env)}: it signs in with \`secrets login\`, not a stored access key.`,
      {
        hint: `Run \`secrets login --profile ${profile}\`, or store the key under another profile name.`,
        code: 'SsoProfile',
      },
    )
  }
  const keychain = deps.keychain()
  const existing = await readStoredAccessKey(keychain, profile).catch((error: unknown) => {
    if (input.replace) return undefined // a damaged item is what --replace is for
    throw error
  })
  if (existing && !input.replace) {
    throw new UsageError(`Profile ${profile} already has a stored access key (${existing.accessKeyId}).`, {
      hint: `To rotate it, run \`secrets rotate aws-key --profile ${profile}\`; to overwrite it, add --replace.`,
      code: 'KeyAlreadyStored',
    })
  }
  const now = (deps.now ?? (() => new Date()))()
  const item: StoredAccessKey = {
    accessKeyId: input.accessKeyId,
    secretAccessKey: input.secretAccessKey,
    created: now.toISOString(),
  }
  await keychain.set(KeychainItem.accessKey(profile), serializeAccessKey(item))
  // A cached STS session belongs to the key it came from; a new key starts clean.
  await keychain.delete(KeychainItem.stsSession(profile))
  return {
    profile,
    accessKeyId: input.accessKeyId,
    ...(existing && existing.accessKeyId !== input.accessKeyId ? { replaced: existing.accessKeyId } : {}),
  }
}
