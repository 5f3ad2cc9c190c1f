import { Flags } from '@oclif/core'
import { audited } from '../../cli/audit.js'
import { BaseCommand } from '../../cli/base-command.js'
import { commandProfile } from '../../cli/command-profile.js'
import { appContext } from '../../cli/context.js'
import { humanOutput, printJson, printResult, tell } from '../../cli/present.js'
import { rotateAwsKey } from '../../core/rotate/index.js'

export default class RotateAwsKey extends BaseCommand {
  static override summary = 'Replace the access key stored for a profile with a new, verified one'
  static override description =
    'CreateAccessKey → verify the new key (STS GetCallerIdentity, retried through IAM propagation) → store it in the keychain → deactivate the old key → delete it. A failure before the new key is stored deletes the new key and leaves the old one active and stored.'
  static override examples = [
    '<%= config.bin %> rotate aws-key --profile dev',
    '<%= config.bin %> rotate aws-key --profile dev --keep-old',
  ]
  static override flags = {
    profile: Flags.string({
      description:
        'Profile whose key `secrets add-key` stored (default: $AWS_PROFILE, else the project config, else default)',
    }),
    'keep-old': Flags.boolean({ description: 'Leave the old key inactive instead of deleting it' }),
    json: Flags.boolean({ description: 'Print {profile, userName, oldKeyId, newKeyId, oldKey} as JSON' }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(RotateAwsKey)
    const ctx = appContext()
    const profile = (await commandProfile(flags, true, ctx)) ?? 'default'
    const result = await audited({ op: 'rotate', aws: { profile } }, () =>
      rotateAwsKey({ profile, keepOld: flags['keep-old'] }, { ...ctx, human: humanOutput() }),
    )
    const fate = result.oldKey === 'deleted' ? 'deleted' : 'left inactive (--keep-old)'
    tell(
      `Rotated: ${result.newKeyId} is verified and stored for profile ${result.profile}; the old key ${result.oldKeyId} was ${fate}.`,
    )
    if (flags.json) printJson(result)
    else printResult(result.newKeyId)
  }
}
