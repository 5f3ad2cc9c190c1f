import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { commandProfile } from '../cli/command-profile.js'
import { appContext } from '../cli/context.js'
import { ssoDeps } from '../core/sso/index.js'
import { whoami } from '../core/identity/index.js'
import { humanOutput, printJson, printResult } from '../cli/present.js'
import { ssoFlags, ssoInput } from '../cli/sso-flags.js'
import { whoamiRows } from '../cli/whoami-rows.js'
import { formatColumns } from '../shared/table.js'
import { withoutPrompts } from '../shared/human-output.js'

export default class Whoami extends BaseCommand {
  static override summary =
    'Show the AWS identity of a profile (STS GetCallerIdentity), which kind it is, and its expiry'
  static override description =
    'Works for IAM Identity Center profiles (the SSO role), profiles with a key stored by `secrets add-key` (an STS session of it), and anything else the AWS SDK resolves (the SDK chain). It says which one it used.'
  static override examples = [
    '<%= config.bin %> whoami --profile dev',
    '<%= config.bin %> whoami --profile dev --json',
  ]
  static override flags = { ...ssoFlags, json: Flags.boolean({ description: 'Print JSON (no secrets)' }) }

  async run(): Promise<void> {
    const { flags } = await this.parse(Whoami)
    const ctx = appContext()
    // No picker, as before: a role that must be chosen is exit 2 with the choices.
    const profile = await commandProfile(flags, false, ctx)
    const input = ssoInput({ ...flags, profile })
    const result = await whoami(input, ssoDeps(ctx, { human: withoutPrompts(humanOutput()) }))
    if (flags.json) return printJson(result)
    printResult(formatColumns(whoamiRows(result, Date.now())))
  }
}
