import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { appContext } from '../cli/context.js'
import { ssoDeps, whoami } from '../core/sso/index.js'
import { formatDuration } from '../shared/duration.js'
import { formatTable } from '../shared/table.js'
import { ssoFlags, ssoInput } from '../cli/sso-flags.js'

export default class Whoami extends BaseCommand {
  static override summary = 'Show the AWS identity of the SSO session (STS GetCallerIdentity) and its expiry'
  static override examples = [
    '<%= config.bin %> whoami --profile dev',
    '<%= config.bin %> whoami --profile dev --json',
  ]
  static override flags = { ...ssoFlags, json: Flags.boolean({ description: 'Print JSON (no secrets)' }) }

  async run(): Promise<void> {
    const { flags } = await this.parse(Whoami)
    const ctx = appContext()
    const result = await whoami(
      ssoInput(flags),
      ssoDeps(ctx, { notify: (m) => void process.stderr.write(m) }),
    )
    if (flags.json) return void process.stdout.write(`${JSON.stringify(result)}\n`)
    const until = (iso: string | null) =>
      iso ? `${iso} (in ${formatDuration(Date.parse(iso) - Date.now())})` : '-'
    const rows = [
      ['Account', result.account],
      ['ARN', result.arn],
      ['Profile', result.profile],
      ['SSO session', `${result.ssoSession} (${result.startUrl})`],
      ['Role', `${result.roleName} in ${result.accountId}`],
      ['Session expires', until(result.sessionExpiresAt)],
      ['Credentials expire', until(result.credentialsExpireAt)],
    ]
    process.stdout.write(`${formatTable(['FIELD', 'VALUE'], rows)}\n`)
  }
}
