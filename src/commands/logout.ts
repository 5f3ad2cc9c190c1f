import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { commandProfile } from '../cli/command-profile.js'
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
    if (flags.all && (flags.profile || flags['sso-start-url']))
      throw new UsageError('Use either --all or --profile, not both.', {
        hint: '`secrets logout --all` ends every session; `--profile P` only that one.',
        code: 'ExclusiveFlags',
      })
    const ctx = appContext()
    const input = flags.all ? {} : ssoInput({ ...flags, profile: await commandProfile(flags, true, ctx) })
    const result = await logout(flags.all ? { all: true } : input, ssoDeps(ctx, { human: humanOutput() }))
    if (flags.json) return printJson(result)
    const also = result.alsoEnded.length
      ? ` This also signed out ${result.alsoEnded.join(', ')} (same sso-session).`
      : ''
    tell(
      result.sessions.length
        ? `Signed out of ${result.sessions.join(', ')}.${also}`
        : 'No stored SSO session to end.',
    )
  }
}
