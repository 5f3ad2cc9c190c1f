import { toRemoteError } from '../../shared/aws-errors.js'
import { UsageError, errorName } from '../../shared/errors.js'
import type { PortalClient } from './portal-client.js'

/** One account/role pair the signed-in user may assume. */
export interface RoleChoice {
  accountId: string
  accountName?: string
  roleName: string
}

/** Bounds on listing, so a misbehaving service cannot loop us forever. */
const MAX_PAGES = 1000
const MAX_THROTTLE_RETRIES = 6

/** Backoff before retry `attempt` (0-based) after TooManyRequestsException: 250 ms doubling, ≤ 8 s. */
export function throttleDelayMs(attempt: number): number {
  return Math.min(8000, 250 * 2 ** attempt)
}

/**
 * Lists every account and role of the session: ListAccounts, then ListAccountRoles per
 * account, following nextToken (pages may hold a single item) and backing off on
 * TooManyRequestsException with the injected sleep.
 */
export async function listRoleChoices(
  portal: PortalClient,
  accessToken: string,
  sleep: (ms: number) => Promise<void>,
): Promise<RoleChoice[]> {
  const accounts = await paged(
    (nextToken) =>
      portal
        .listAccounts({ accessToken, ...(nextToken ? { nextToken } : {}) })
        .then((p) => ({ items: p.accounts, nextToken: p.nextToken })),
    sleep,
    'listing SSO accounts',
  )
  const choices: RoleChoice[] = []
  for (const account of accounts) {
    const roles = await paged(
      (nextToken) =>
        portal
          .listAccountRoles({
            accessToken,
            accountId: account.accountId,
            ...(nextToken ? { nextToken } : {}),
          })
          .then((p) => ({ items: p.roles, nextToken: p.nextToken })),
      sleep,
      `listing roles of account ${account.accountId}`,
    )
    for (const roleName of roles)
      choices.push({
        accountId: account.accountId,
        ...(account.accountName ? { accountName: account.accountName } : {}),
        roleName,
      })
  }
  return choices
}

async function paged<T>(
  page: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken?: string | undefined }>,
  sleep: (ms: number) => Promise<void>,
  what: string,
): Promise<T[]> {
  const out: T[] = []
  let nextToken: string | undefined
  for (let i = 0; i < MAX_PAGES; i++) {
    const result = await withThrottleRetry(() => page(nextToken), sleep, what)
    out.push(...result.items)
    nextToken = result.nextToken
    if (!nextToken) return out
  }
  return out
}

async function withThrottleRetry<T>(
  fn: () => Promise<T>,
  sleep: (ms: number) => Promise<void>,
  what: string,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn()
    } catch (error) {
      if (errorName(error) !== 'TooManyRequestsException' || attempt >= MAX_THROTTLE_RETRIES)
        throw toRemoteError(error, what)
      await sleep(throttleDelayMs(attempt))
    }
  }
}

/** A one-line label for a choice, for the picker and for error listings. */
export function choiceLabel(choice: RoleChoice): string {
  const account = choice.accountName ? `${choice.accountName} (${choice.accountId})` : choice.accountId
  return `${account} / ${choice.roleName}`
}

/** Filters choices by a search term (case-insensitive, every word must match). */
export function filterChoices(choices: RoleChoice[], term: string | undefined): RoleChoice[] {
  const words = (term ?? '').toLowerCase().split(/\s+/).filter(Boolean)
  return choices.filter((c) => {
    const label = choiceLabel(c).toLowerCase()
    return words.every((w) => label.includes(w))
  })
}

/** The exit-2 error when a role must be chosen and nobody can be asked: it lists the choices. */
export function roleChoiceNeeded(profile: string, choices: RoleChoice[], command: string): UsageError {
  const list = choices.length
    ? choices
        .map((c) => `    --account-id ${c.accountId} --role-name ${c.roleName}   # ${choiceLabel(c)}`)
        .join('\n')
    : '    (this session can assume no roles)'
  return new UsageError(`No role chosen for ${profile}, and there is no terminal to ask. Choices:\n${list}`, {
    hint: `add sso_account_id and sso_role_name to the profile, or pass --account-id and --role-name to \`${command}\``,
    code: 'RoleChoiceNeeded',
  })
}

/** Picks the role from the profile's config, then from flags; undefined when neither decides. */
export function configuredRole(
  fromProfile: { accountId?: string | undefined; roleName?: string | undefined },
  fromFlags: { accountId?: string | undefined; roleName?: string | undefined },
): { accountId: string; roleName: string } | undefined {
  const accountId = fromProfile.accountId ?? fromFlags.accountId
  const roleName = fromProfile.roleName ?? fromFlags.roleName
  return accountId && roleName ? { accountId, roleName } : undefined
}
