import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { appContext } from '../cli/context.js'
import { tell } from '../cli/present.js'
import { readAccessKey } from '../cli/secret-input.js'
import { addAccessKey } from '../core/identity/index.js'

export default class AddKey extends BaseCommand {
  static override summary = "Store an IAM user's access key in the keychain for a profile"
  static override description =
    'Reads two lines from stdin when it is not a terminal (access key id, then secret access key), else prompts (the secret without echo). Never from the command line. Commands then use temporary STS session credentials derived from it.'
  static override examples = [
    'printf \'%s\\n%s\\n\' "$ID" "$SECRET" | <%= config.bin %> add-key --profile dev',
    '<%= config.bin %> add-key --profile dev',
  ]
  static override flags = {
    profile: Flags.string({ required: true, description: 'Profile name (not an SSO profile)' }),
    replace: Flags.boolean({ description: 'Overwrite a key already stored for the profile' }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(AddKey)
    const key = await readAccessKey(flags.profile)
    const result = await addAccessKey(
      { profile: flags.profile, ...key, replace: flags.replace },
      appContext(),
    )
    const replaced = result.replaced ? ` (replacing ${result.replaced})` : ''
    tell(`Stored access key ${result.accessKeyId} for profile ${result.profile}${replaced}.`)
  }
}
