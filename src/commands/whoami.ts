import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { appContext } from '../cli/context.js'
import { ssoDeps, whoami } from '../core/sso/index.js'
import { formatDuration } from '../shared/duration.js'
import { formatTable } from '../shared/table.js'
import { humanOutput, printJson, printResult } from '../cli/present.js'
import { ssoFlags, ssoInput } from '../cli/sso-flags.js'
import { withoutPrompts } from '../shared/human-output.js'

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
    // No picker, as before: a role that must be chosen is exit 2 with the choices.
    const result = await whoami(ssoInput(flags), ssoDeps(ctx, { human: withoutPrompts(humanOutput()) }))
    if (flags.json) return printJson(result)
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
    printResult(formatTable(['FIELD', 'VALUE'], rows))
  }
}
