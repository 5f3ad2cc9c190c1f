import { BaseCommand } from '../cli/base-command.js'
import { printCredentials } from '../cli/read-commands.js'
import { ssoFlags } from '../cli/sso-flags.js'

export default class Credentials extends BaseCommand {
  static override summary =
    'Print AWS credential_process JSON (Version 1) from the SSO session or a stored access key'
  static override description =
    'For ~/.aws/config:\n\n  [profile dev-cli]\n  credential_process = secrets credentials --profile dev\n\n' +
    'The AWS CLI, SDKs and Terraform then use the keychain session, refreshed silently. For a profile ' +
    'with a key stored by `secrets add-key`, it prints an STS session of that key (never the key itself).'
  static override examples = ['<%= config.bin %> credentials --profile dev']
  static override flags = { ...ssoFlags }

  async run(): Promise<void> {
    const { flags } = await this.parse(Credentials)
    await printCredentials(flags)
  }
}
