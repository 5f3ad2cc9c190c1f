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
export {
  hasOwnCredentialSource,
  isSsoProfile,
  parseProfileSettings,
  readProfileSettings,
  regionFor,
} from './aws-profile-config.js'
export { addAccessKey, validateProfileName } from './add-access-key.js'
export type { AddAccessKeyInput, AddAccessKeyResult } from './add-access-key.js'
export { rotateAwsKey } from './rotate-aws-key.js'
export type { RotateAwsKeyDeps, RotateAwsKeyInput, RotateAwsKeyResult } from './rotate-aws-key.js'
export type { AwsKeySteps, KeyCredentials } from './aws-key-steps.js'
export { rotateParameter } from './rotate-parameter.js'
export type { RotateParameterInput, RotateParameterResult } from './rotate-parameter.js'
export { runExecCommand } from './exec-command.js'
export type { ExecRunner } from './exec-command.js'
export {
  parseRotationPolicy,
  generationSettings,
  matchPathPolicy,
  DEFAULT_MAX_AGE_MS,
  EMPTY_POLICY,
} from './rotation-policy.js'
export type { RotationPolicy, PathPolicy } from './rotation-policy.js'
export { generateSecretValue, CHARSETS, CHARSET_NAMES } from './secret-value.js'
export type { Charset } from './secret-value.js'
export { checkRotations, assessAge, pathMaxAge, formatRotationReport } from './rotation-check.js'
export type { RotationStatus } from './rotation-check.js'
