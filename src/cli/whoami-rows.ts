import type { WhoamiResult } from '../core/identity/index.js'
import { formatDuration } from '../shared/duration.js'

const KIND_LABEL = {
  'sso-role': 'IAM Identity Center role (SSO session)',
  'stored-access-key': 'stored access key (STS session from `secrets add-key`)',
  'sdk-chain': 'AWS SDK credential chain (environment or AWS files)',
} as const

/** The rows of `whoami`'s table: only the facts the identity kind has. */
export function whoamiRows(result: WhoamiResult, now: number): string[][] {
  const until = (iso: string | null) => (iso ? `${iso} (in ${formatDuration(Date.parse(iso) - now)})` : '-')
  const rows = [
    ['Identity', KIND_LABEL[result.identity]],
    ['Account', result.account],
    ['ARN', result.arn],
    ['Profile', result.profile ?? '-'],
  ]
  if (result.identity === 'sso-role')
    rows.push(
      ['SSO session', `${result.ssoSession} (${result.startUrl})`],
      ['Role', `${result.roleName} in ${result.accountId}`],
      ['Session expires', until(result.sessionExpiresAt)],
    )
  if (result.storedKeyId) rows.push(['Stored key', result.storedKeyId])
  rows.push(['Credentials expire', until(result.credentialsExpireAt)])
  return rows
}
