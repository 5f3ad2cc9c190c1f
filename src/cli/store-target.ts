import { UsageError } from '../shared/errors.js'
import type { AppContext, Invocation } from './context.js'
import { humanOutput, tell } from './present.js'

/**
 * Before a delete, and before a write to the team (ssm) store that the project config chose
 * rather than a flag: name the store, profile and account, so nothing happens to the shared
 * store "without a word". `delete` asks on a terminal, `--yes` skips the question, and with
 * no terminal and no `--yes` it refuses.
 */

/** "the ssm store (profile dev, account 123456789012)" / "the local store". */
export async function describeStoreTarget(invocation: Invocation, ctx: AppContext): Promise<string> {
  if (invocation.settings.store !== 'ssm') return 'the local store'
  const { callerAccount } = await import('../core/identity/index.js')
  const account = await callerAccount(invocation.aws, { env: ctx.env, keychain: ctx.keychain })
  const profile = invocation.aws.profile ? `profile ${invocation.aws.profile}` : 'the default credentials'
  const region = invocation.aws.region ?? ctx.env.AWS_REGION ?? ctx.env.AWS_DEFAULT_REGION
  return `the ssm store (${profile}, account ${account}${region ? `, ${region}` : ''})`
}

/** What to do before a destructive step: ask, go ahead (`--yes`), or refuse (no terminal). Pure. */
export function confirmationFor(input: { yes: boolean; canAsk: boolean }): 'proceed' | 'ask' | 'refuse' {
  if (input.yes) return 'proceed'
  return input.canAsk ? 'ask' : 'refuse'
}

/** True for the answers that mean yes. */
export function isYes(answer: string): boolean {
  return /^\s*y(es)?\s*$/i.test(answer)
}

/** Names the target of a delete and gets the user's go-ahead (or `--yes`); throws when refused. */
export async function confirmDelete(
  path: string,
  invocation: Invocation,
  ctx: AppContext,
  yes: boolean,
): Promise<void> {
  const target = await describeStoreTarget(invocation, ctx)
  const prompt = humanOutput().prompt
  const decision = confirmationFor({ yes, canAsk: prompt !== undefined })
  if (decision === 'refuse')
    throw new UsageError(`Not deleting ${path} from ${target}: there is no terminal to confirm it.`, {
      hint: `Pass --yes to delete without asking: \`secrets delete ${path} --yes\`.`,
      code: 'ConfirmationNeeded',
    })
  if (decision === 'ask' && prompt) {
    const answer = await prompt.text(`Delete ${path} and its history from ${target}? [y/N]`)
    if (!isYes(answer))
      throw new UsageError(`Not deleted: ${path} is unchanged.`, {
        hint: 'Answer y to delete, or pass --yes.',
        code: 'NotConfirmed',
      })
    return
  }
  tell(`Deleting ${path} and its history from ${target}.`)
}

/** A write to the ssm store that the project config chose (not --store): say where it goes first. */
export async function announceProjectWrite(
  path: string,
  invocation: Invocation,
  ctx: AppContext,
): Promise<void> {
  const { settings, config } = invocation
  if (settings.store !== 'ssm' || settings.storeSource === 'flag') return
  const target = await describeStoreTarget(invocation, ctx)
  tell(
    `Writing ${path} to ${target}, chosen by ${config?.file ?? 'the project config'} (--store local to write locally).`,
  )
}
