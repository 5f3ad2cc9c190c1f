import { BaseCommand } from '../cli/base-command.js'
import { appContext } from '../cli/context.js'
import { ssoDeps, toCredentialProcess } from '../core/sso/index.js'
import { profileCredentials } from '../core/identity/index.js'
import { humanOutput, printJson } from '../cli/present.js'
import { ssoFlags, ssoInput } from '../cli/sso-flags.js'
import { withoutPrompts } from '../shared/human-output.js'

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
    const ctx = appContext()
    // No picker: credential_process runs without a terminal; an unknown role is exit 2 with choices.
    const credentials = await profileCredentials(
      ssoInput(flags),
      ssoDeps(ctx, { human: withoutPrompts(humanOutput()) }),
    )
    // stdout is the result: the credential_process contract requires the keys here.
    printJson(toCredentialProcess(credentials))
  }
}
