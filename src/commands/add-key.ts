import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { appContext } from '../cli/context.js'
import {
  addAccessKey,
  parseAccessKeyLines,
  validateAccessKeyId,
  validateSecretAccessKey,
} from '../core/identity/index.js'
import { UsageError } from '../shared/errors.js'
import { canPrompt, promptSecret, readStdin } from '../shared/terminal.js'

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
    const key = await readKey(flags.profile)
    const result = await addAccessKey(
      { profile: flags.profile, ...key, replace: flags.replace },
      appContext(),
    )
    const replaced = result.replaced ? ` (replacing ${result.replaced})` : ''
    process.stderr.write(
      `Stored access key ${result.accessKeyId} for profile ${result.profile}${replaced}.\n`,
    )
  }
}

/** Two lines from piped stdin, else two prompts; the secret is never echoed. */
async function readKey(profile: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  if (!process.stdin.isTTY) {
    const text = await readStdin(process.stdin, 64 * 1024).catch(() => {
      throw new UsageError('stdin is larger than 64 KiB: expected two lines, an access key id and a secret.')
    })
    return parseAccessKeyLines(text, profile)
  }
  if (!canPrompt()) throw new UsageError('No key: stdin is a terminal but there is no terminal to prompt on.')
  const { input } = await import('@inquirer/prompts')
  const accessKeyId = validateAccessKeyId(
    await input({ message: 'Access key ID' }, { output: process.stderr }),
  )
  const secretAccessKey = validateSecretAccessKey(await promptSecret('Secret access key'))
  return { accessKeyId, secretAccessKey }
}
