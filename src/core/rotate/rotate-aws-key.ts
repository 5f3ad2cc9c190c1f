import { classifyAwsError } from '../../shared/aws-errors.js'
import { AuthError, LocalEnvError, RemoteError, SecretsError, UsageError } from '../../shared/errors.js'
import { silentHumanOutput, type HumanOutput } from '../../shared/human-output.js'
import { redactSecrets } from '../../shared/redact.js'
import type { Keychain } from '../keychain/index.js'
import {
  describeFailure,
  describeKeys,
  iamUserNameFromArn,
  keyLimitNextStep,
  planAwsKeyRotation,
  propagationDelays,
  type IamAccessKey,
  type KeyUsage,
  type Rollback,
  type RotationStep,
} from './aws-key-plan.js'
import { awsKeySteps, type AwsKeySteps, type KeyCredentials, type NewAccessKey } from './aws-key-steps.js'
import {
  isSsoProfile,
  readProfileSettings,
  regionFor,
  validateProfileName,
  type StoredAccessKey,
} from '../identity/index.js'

export interface RotateAwsKeyInput {
  profile: string
  /** Leave the old key inactive instead of deleting it. */
  keepOld: boolean
}

export interface RotateAwsKeyDeps {
  env: NodeJS.ProcessEnv
  keychain: () => Keychain
  /** Replaces the real steps (tests wrap one to inject a fault). */
  steps?: (defaults: AwsKeySteps) => AwsKeySteps
  sleep?: (ms: number) => Promise<void>
  now?: () => Date
  /** Waits between verification attempts; defaults to `propagationDelays()`. */
  delays?: number[]
  /** Warnings for what did not stop the rotation but the user should know (silent by default). */
  human?: HumanOutput
}

export interface RotateAwsKeyResult {
  profile: string
  userName: string
  oldKeyId: string
  newKeyId: string
  oldKey: 'deleted' | 'inactive'
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Rotates the access key stored for a profile so that a working key is stored at every
 * moment: create → verify (through IAM propagation) → store → discard old STS sessions →
 * deactivate old → delete old. Before the store succeeds, any failure deletes the new key;
 * after it, the new key stays and the error names the leftover old key and the next step.
 */
export async function rotateAwsKey(
  input: RotateAwsKeyInput,
  deps: RotateAwsKeyDeps,
): Promise<RotateAwsKeyResult> {
  const profile = validateProfileName(input.profile)
  const keychain = deps.keychain()
  const settings = await readProfileSettings(deps.env, profile)
  if (isSsoProfile(settings)) {
    throw new UsageError(
      `Profile ${profile} is an IAM Identity Center (SSO) profile: it has no access key to rotate.`,
      {
        hint: `Its role credentials are short-lived already; sign in with \`secrets login --profile ${profile}\`.`,
        code: 'SsoProfile',
      },
    )
  }
  const region = regionFor(deps.env, settings)
  const real = awsKeySteps({ keychain, region })
  const steps = deps.steps ? deps.steps(real) : real
  const sleep = deps.sleep ?? defaultSleep
  const now = deps.now ?? (() => new Date())

  const { stored, userArn, userName } = await inspect(profile, input.keepOld, steps, now)
  const old: KeyCredentials = { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey }
  const secrets = [stored.secretAccessKey]

  let created: NewAccessKey | undefined
  const fail = (step: RotationStep, error: unknown, rollback: Rollback): SecretsError => {
    const report = describeFailure({
      step,
      profile,
      userName,
      oldKeyId: old.accessKeyId,
      ...(created ? { newKeyId: created.accessKeyId } : {}),
      rollback,
      reason: redactSecrets(reasonOf(error), secrets),
      keepOld: input.keepOld,
    })
    const Type = report.kind === 'local' ? LocalEnvError : RemoteError
    return new Type(report.message, { hint: report.hint, code: report.code, cause: error })
  }
  const rollBack = async (): Promise<Rollback> => {
    if (!created) return 'not-needed'
    try {
      await steps.deleteKey(userName, created.accessKeyId, old)
      return 'deleted'
    } catch {
      return 'delete-failed'
    }
  }

  try {
    created = await steps.createKey(userName, old)
  } catch (error) {
    throw fail('create', error, 'not-needed')
  }
  const fresh: KeyCredentials = { accessKeyId: created.accessKeyId, secretAccessKey: created.secretAccessKey }
  secrets.push(fresh.secretAccessKey)

  try {
    await withPropagationRetry(
      async () => {
        const arn = await steps.verifyKey(fresh)
        if (arn !== userArn)
          throw new WrongIdentityError(`the new key authenticates as ${arn}, not ${userArn}`)
      },
      deps.delays ?? propagationDelays(),
      sleep,
    )
  } catch (error) {
    throw fail('verify', error, await rollBack())
  }

  const item: StoredAccessKey = {
    accessKeyId: fresh.accessKeyId,
    secretAccessKey: fresh.secretAccessKey,
    created: created.created.toISOString(),
    rotated: now().toISOString(),
  }
  try {
    await steps.storeKey(profile, item)
  } catch (error) {
    const outcome = await settleFailedStore(steps, profile, stored, fresh)
    if (outcome === 'new-stored') {
      // The write landed despite the error: the new key is the stored one, so carry on.
    } else if (outcome === 'old-stored') {
      throw fail('store', error, await rollBack())
    } else {
      throw fail('store', error, 'kept-keychain-unknown')
    }
  }

  try {
    await steps.discardSessions(profile)
  } catch (error) {
    // Not fatal: access-key-session refuses a cached session whose source key differs.
    const human = deps.human ?? silentHumanOutput()
    human.warn(`Could not discard the cached STS session of profile ${profile}: ${reasonOf(error)}`)
  }

  const delays = deps.delays ?? propagationDelays()
  // IAM calls now use the new key: the old one is about to stop authenticating.
  try {
    await withPropagationRetry(() => steps.deactivateKey(userName, old.accessKeyId, fresh), delays, sleep)
  } catch (error) {
    throw fail('deactivate', error, 'not-needed')
  }
  const done = (oldKey: RotateAwsKeyResult['oldKey']): RotateAwsKeyResult => ({
    profile,
    userName,
    oldKeyId: old.accessKeyId,
    newKeyId: fresh.accessKeyId,
    oldKey,
  })
  if (input.keepOld) return done('inactive')
  try {
    await withPropagationRetry(() => steps.deleteKey(userName, old.accessKeyId, fresh), delays, sleep)
  } catch (error) {
    throw fail('delete', error, 'not-needed')
  }
  return done('deleted')
}

/** Reads the stored key, finds its IAM user and keys, and stops unless the plan says rotate. */
async function inspect(
  profile: string,
  keepOld: boolean,
  steps: AwsKeySteps,
  now: () => Date,
): Promise<{ stored: StoredAccessKey; userArn: string; userName: string }> {
  const stored = await steps.readStoredKey(profile)
  if (!stored) {
    throw new UsageError(`No access key is stored for profile ${profile}.`, {
      hint: `Store one first: \`secrets add-key --profile ${profile}\`.`,
      code: 'NoStoredKey',
    })
  }
  const old: KeyCredentials = { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey }
  const userArn = await steps.identify(old).catch((error: unknown) => {
    if (classifyAwsError(causeOf(error)) !== 'auth') throw error
    throw new AuthError(
      `AWS rejected the access key ${old.accessKeyId} stored for profile ${profile}; nothing was changed.`,
      {
        hint: `Store a working key with \`secrets add-key --profile ${profile} --replace\`.`,
        code: 'StoredKeyRejected',
        cause: error,
      },
    )
  })
  const userName = iamUserNameFromArn(userArn)
  if (!userName) {
    throw new UsageError(
      `The key stored for profile ${profile} belongs to ${userArn}, which is not an IAM user.`,
      {
        hint: 'Only IAM user access keys can be rotated; root or role credentials cannot.',
        code: 'NotAnIamUser',
      },
    )
  }
  const keys = await steps.listKeys(userName, old)
  const plan = planAwsKeyRotation({ userName, storedKeyId: old.accessKeyId, keys, keepOld })
  if (plan.kind === 'stored-key-unknown' || plan.kind === 'stored-key-inactive') {
    const what = plan.kind === 'stored-key-unknown' ? 'is not one of' : 'is inactive among'
    throw new RemoteError(
      `The key ${old.accessKeyId} stored for profile ${profile} ${what} the access keys of IAM user ${userName}.`,
      {
        hint: `Store a current active key with \`secrets add-key --profile ${profile} --replace\`.`,
        code: 'StoredKeyNotActive',
      },
    )
  }
  if (plan.kind === 'key-limit') throw await keyLimitError(keys, old, userName, profile, steps, now())
  return { stored, userArn, userName }
}

/** The two-key-limit error: both keys with age and last use, and a safe next step. */
async function keyLimitError(
  keys: IamAccessKey[],
  old: KeyCredentials,
  userName: string,
  profile: string,
  steps: AwsKeySteps,
  now: Date,
): Promise<RemoteError> {
  const usage: KeyUsage[] = []
  for (const k of keys) {
    try {
      const used = await steps.lastUsed(k.accessKeyId, old)
      usage.push({
        ...k,
        ...(used.date ? { lastUsed: used.date } : {}),
        ...(used.service ? { lastService: used.service } : {}),
      })
    } catch {
      usage.push({ ...k, lastUseUnknown: true })
    }
  }
  const other = usage.find((k) => k.accessKeyId !== old.accessKeyId) ?? usage[0]
  return new RemoteError(
    `IAM user ${userName} already has two access keys, the most IAM allows, so no new key can be created. Nothing was changed.\n` +
      describeKeys(usage, old.accessKeyId, now)
        .map((line) => `  ${line}`)
        .join('\n'),
    { hint: other ? keyLimitNextStep(other, userName, profile) : undefined, code: 'AccessKeyLimit' },
  )
}

class WrongIdentityError extends Error {
  override name = 'WrongIdentityError'
}

/** Retries `fn` while AWS rejects a key it has not propagated yet (or throttles); bounded by `delays`. */
async function withPropagationRetry(
  fn: () => Promise<void>,
  delays: number[],
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn()
    } catch (error) {
      const retriable = ['auth', 'throttled'].includes(classifyAwsError(causeOf(error)))
      const wait = delays[attempt]
      if (!retriable || wait === undefined) throw error
      await sleep(wait)
    }
  }
}

/** After a failed keychain write: which key does the keychain hold now? Restores the old one if unsure. */
async function settleFailedStore(
  steps: AwsKeySteps,
  profile: string,
  old: StoredAccessKey,
  fresh: KeyCredentials,
): Promise<'new-stored' | 'old-stored' | 'unknown'> {
  try {
    const now = await steps.readStoredKey(profile)
    if (now?.accessKeyId === fresh.accessKeyId && now.secretAccessKey === fresh.secretAccessKey)
      return 'new-stored'
    if (now?.accessKeyId === old.accessKeyId && now.secretAccessKey === old.secretAccessKey)
      return 'old-stored'
  } catch {
    /* unreadable: try to put the old key back below */
  }
  try {
    await steps.storeKey(profile, old)
    return 'old-stored'
  } catch {
    return 'unknown'
  }
}

function causeOf(error: unknown): unknown {
  return error instanceof SecretsError && error.cause !== undefined ? error.cause : error
}

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return (text.split('\n')[0] ?? '').replace(/\.$/, '').slice(0, 300)
}
