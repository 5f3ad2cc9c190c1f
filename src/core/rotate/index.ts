/**
 * rotate: replace credentials — parameter values (`rotate PATH`), stored IAM access keys
 * (`rotate aws-key`) — and report their age (`rotate --check`).
 * May import: shared, and the identity, keychain and store areas through their index.ts.
 */
export { rotateAwsKey } from './rotate-aws-key.js'
export type { RotateAwsKeyDeps, RotateAwsKeyInput, RotateAwsKeyResult } from './rotate-aws-key.js'
export type { AwsKeySteps, KeyCredentials } from './aws-key-steps.js'
export { describeParameterRotation, rotateParameter, rotateTarget } from './rotate-parameter.js'
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
export {
  checkRotations,
  assessAge,
  pathMaxAge,
  formatRotationReport,
  reportRotations,
} from './rotation-check.js'
export type { RotationStatus } from './rotation-check.js'
