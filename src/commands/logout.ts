import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { appContext } from '../cli/context.js'
import { logout, ssoDeps } from '../core/sso/index.js'
import { UsageError } from '../shared/errors.js'
import { humanOutput, printJson, tell } from '../cli/present.js'
import { ssoFlags, ssoInput } from '../cli/sso-flags.js'

export default class Logout extends BaseCommand {
  static override summary =
    'Revoke the SSO session and delete it (and cached role credentials) from the keychain'
  static override examples = ['<%= config.bin %> logout --profile dev', '<%= config.bin %> logout --all']
  static override flags = {
    profile: ssoFlags.profile,
    'sso-start-url': ssoFlags['sso-start-url'],
    'sso-region': ssoFlags['sso-region'],
    all: Flags.boolean({ description: 'End every stored SSO session' }),
    json: Flags.boolean({ description: 'Print what was ended as JSON' }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Logout)
    const input = ssoInput(flags)
    if (flags.all && (input.profile || input.startUrl))
      throw new UsageError('Use either --all or --profile, not both.')
    if (!flags.all && !input.profile && !input.startUrl)
      throw new UsageError('Say which session to end.', { hint: 'Pass --profile P, or --all.' })
    const ctx = appContext()
    const result = await logout(flags.all ? { all: true } : input, ssoDeps(ctx, { human: humanOutput() }))
    if (flags.json) return printJson(result)
    tell(
      result.sessions.length
        ? `Signed out of ${result.sessions.join(', ')}.`
        : 'No stored SSO session to end.',
    )
  }
}
