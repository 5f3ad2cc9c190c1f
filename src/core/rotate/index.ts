export {
  parseAccessKeyLines,
  parseStoredAccessKey,
  profilesWithStoredKeys,
  readStoredAccessKey,
  serializeAccessKey,
  validateAccessKeyId,
  validateSecretAccessKey,
} from './stored-access-key.js'
export type { StoredAccessKey } from './stored-access-key.js'
export { isSsoProfile, parseProfileSettings, readProfileSettings, regionFor } from './aws-profile-config.js'
export { addAccessKey, validateProfileName } from './add-access-key.js'
export type { AddAccessKeyInput, AddAccessKeyResult } from './add-access-key.js'
export { rotateAwsKey } from './rotate-aws-key.js'
export type { RotateAwsKeyDeps, RotateAwsKeyInput, RotateAwsKeyResult } from './rotate-aws-key.js'
export type { AwsKeySteps, KeyCredentials } from './aws-key-steps.js'
