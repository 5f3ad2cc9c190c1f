/**
 * Pure decisions of `secrets rotate aws-key`: whether rotation may start, the order of its
 * steps, how long to wait for IAM to propagate a new key, and what to tell the user when a
 * step fails. No I/O here: every function is table-tested.
 */
import { formatDuration } from '../../shared/duration.js'

export interface IamAccessKey {
  accessKeyId: string
  status: 'Active' | 'Inactive'
  created?: Date
}

export type RotationStep = 'create' | 'verify' | 'store' | 'discard-sessions' | 'deactivate' | 'delete'

/** Human names for steps, used in every message that names the step that failed. */
export const STEP_NAMES: Record<RotationStep, string> = {
  create: 'create the new key (iam:CreateAccessKey)',
  verify: 'verify the new key (sts:GetCallerIdentity)',
  store: 'store the new key in the keychain',
  'discard-sessions': 'discard cached STS sessions of the old key',
  deactivate: 'deactivate the old key (iam:UpdateAccessKey)',
  delete: 'delete the old key (iam:DeleteAccessKey)',
}

export interface PlanInput {
  userName: string
  storedKeyId: string
  keys: IamAccessKey[]
  keepOld: boolean
}

export type RotationPlan =
  | { kind: 'rotate'; steps: RotationStep[] }
  | { kind: 'key-limit'; others: IamAccessKey[] }
  | { kind: 'stored-key-unknown' }
  | { kind: 'stored-key-inactive' }

/** IAM allows two access keys per user. */
export const IAM_KEY_LIMIT = 2

/** Decides whether and how to rotate, from the user's current keys. */
export function planAwsKeyRotation(input: PlanInput): RotationPlan {
  const stored = input.keys.find((k) => k.accessKeyId === input.storedKeyId)
  if (!stored) return { kind: 'stored-key-unknown' }
  if (stored.status !== 'Active') return { kind: 'stored-key-inactive' }
  if (input.keys.length >= IAM_KEY_LIMIT) {
    return { kind: 'key-limit', others: input.keys.filter((k) => k.accessKeyId !== input.storedKeyId) }
  }
  const steps: RotationStep[] = ['create', 'verify', 'store', 'discard-sessions', 'deactivate']
  if (!input.keepOld) steps.push('delete')
  return { kind: 'rotate', steps }
}

/**
 * Waits between verification attempts while IAM propagates a new key (typically seconds):
 * exponential from `baseMs`, capped at `capMs`, `attempts - 1` waits in all (bounded).
 */
export function propagationDelays(attempts = 8, baseMs = 500, capMs = 5000): number[] {
  const out: number[] = []
  for (let i = 0; i < attempts - 1; i++) out.push(Math.min(capMs, baseMs * 2 ** i))
  return out
}

/** The IAM user name in an IAM user ARN (`arn:aws:iam::123:user/path/name`); undefined otherwise. */
export function iamUserNameFromArn(arn: string): string | undefined {
  const match = /^arn:aws[a-z-]*:iam::\d{12}:user\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn)
  return match?.[1]
}

export interface KeyUsage {
  accessKeyId: string
  status: 'Active' | 'Inactive'
  created?: Date
  lastUsed?: Date
  lastService?: string
  /** GetAccessKeyLastUsed failed: say "unknown", never "never used". */
  lastUseUnknown?: boolean
}

/** One line per key for the two-key-limit message: id, status, age, last use. */
export function describeKeys(keys: KeyUsage[], storedKeyId: string, now: Date): string[] {
  return keys.map((k) => {
    const age = k.created
      ? `created ${formatDuration(now.getTime() - k.created.getTime())} ago`
      : 'age unknown'
    const used = k.lastUseUnknown
      ? 'last use unknown'
      : k.lastUsed
        ? `last used ${formatDuration(now.getTime() - k.lastUsed.getTime())} ago${k.lastService ? ` (${k.lastService})` : ''}`
        : 'never used'
    const mark = k.accessKeyId === storedKeyId ? ' [stored by secrets]' : ''
    return `${k.accessKeyId}  ${k.status}  ${age}, ${used}${mark}`
  })
}

/** The safe next step at the two-key limit, about the key that is not the stored one. */
export function keyLimitNextStep(other: KeyUsage, userName: string, profile: string): string {
  const id = other.accessKeyId
  const del = `aws iam delete-access-key --user-name ${userName} --access-key-id ${id}`
  if (other.status === 'Inactive') {
    return `${id} is inactive, so nothing can be using it: delete it (\`${del}\`) and run \`secrets rotate aws-key --profile ${profile}\` again.`
  }
  return (
    `${id} is active and may be used elsewhere (see its last use above). If you do not need it: ` +
    `deactivate it (\`aws iam update-access-key --user-name ${userName} --access-key-id ${id} --status Inactive\`), ` +
    `check that nothing breaks, delete it (\`${del}\`), then run \`secrets rotate aws-key --profile ${profile}\` again.`
  )
}

/** What happened to the new key after a failure before it was stored. */
export type Rollback = 'not-needed' | 'deleted' | 'delete-failed' | 'kept-keychain-unknown'

export interface FailureFacts {
  step: RotationStep
  profile: string
  userName: string
  oldKeyId: string
  newKeyId?: string
  rollback: Rollback
  /** The failing call's own words (never a secret). */
  reason: string
  keepOld: boolean
}

export interface FailureReport {
  /** `remote` (exit 4) for AWS steps, `local` (exit 5) for keychain steps. */
  kind: 'remote' | 'local'
  code: string
  message: string
  hint: string
}

const KEYCHAIN_STEPS: ReadonlySet<RotationStep> = new Set(['store', 'discard-sessions'])

/** Describes a failed step precisely: what state IAM and the keychain are in, and what to do. */
export function describeFailure(f: FailureFacts): FailureReport {
  const kind = KEYCHAIN_STEPS.has(f.step) ? 'local' : 'remote'
  const failed = `Rotation of profile ${f.profile} failed at step "${STEP_NAMES[f.step]}": ${f.reason}`
  const retry = `run \`secrets rotate aws-key --profile ${f.profile}\` again`
  const deleteCmd = (id: string) =>
    `aws iam delete-access-key --user-name ${f.userName} --access-key-id ${id}`
  if (f.step === 'deactivate' || f.step === 'delete') {
    const newId = f.newKeyId ?? '(new key)'
    const state = f.step === 'deactivate' ? 'still Active' : 'Inactive but not deleted'
    const steps =
      f.step === 'deactivate'
        ? `deactivate it (\`aws iam update-access-key --user-name ${f.userName} --access-key-id ${f.oldKeyId} --status Inactive\`)${f.keepOld ? '' : ` and delete it (\`${deleteCmd(f.oldKeyId)}\`)`}`
        : `delete it (\`${deleteCmd(f.oldKeyId)}\`)`
    return {
      kind,
      code: f.step === 'deactivate' ? 'OldKeyStillActive' : 'OldKeyNotDeleted',
      message: `${failed}. The new key ${newId} is verified and stored for profile ${f.profile}; the old key ${f.oldKeyId} is ${state}.`,
      hint: `The new key works; to finish, ${steps}.`,
    }
  }
  const oldStands = `The old key ${f.oldKeyId} is still active and stored for profile ${f.profile}.`
  switch (f.rollback) {
    case 'not-needed':
      return {
        kind,
        code: 'RotateFailed',
        message: `${failed}. Nothing was changed. ${oldStands}`,
        hint: `Fix the cause above, then ${retry}.`,
      }
    case 'deleted':
      return {
        kind,
        code: 'RotateFailed',
        message: `${failed}. Rolled back: the new key ${f.newKeyId ?? ''} was deleted. ${oldStands}`,
        hint: `Fix the cause above, then ${retry}.`,
      }
    case 'delete-failed':
      return {
        kind,
        code: 'RotateRollbackIncomplete',
        message: `${failed}. Rolling back, deleting the new key ${f.newKeyId ?? ''} also failed; it is unused and its secret was never stored. ${oldStands}`,
        hint: `Delete the unused new key (\`${deleteCmd(f.newKeyId ?? 'NEW_KEY_ID')}\`), then ${retry}.`,
      }
    case 'kept-keychain-unknown':
      return {
        kind,
        code: 'RotateKeychainUnknown',
        message:
          `${failed}. The keychain could not be read back, so it may hold either key: both the old key ${f.oldKeyId} ` +
          `and the new key ${f.newKeyId ?? ''} were left active so that whichever is stored keeps working.`,
        hint:
          `Once the keychain works, run \`secrets rotate --check\` to see which key profile ${f.profile} holds, ` +
          `then delete the other one with \`${deleteCmd('KEY_ID')}\`.`,
      }
  }
}
