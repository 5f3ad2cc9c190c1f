import { Args, Flags } from '@oclif/core'
import { audited } from '../cli/audit.js'
import { BaseCommand } from '../cli/base-command.js'
import { appContext, selectStore, storeIdentity } from '../cli/context.js'
import { settingFlags, storeFlags } from '../cli/flags.js'
import { printJson, tell } from '../cli/present.js'
import { labelVersion, parseParameterPath } from '../core/store/index.js'

export default class Label extends BaseCommand {
  static override summary = 'Attach labels to a version of a parameter (SSM LabelParameterVersion)'
  static override description =
    "A label names one version of a parameter: attaching it to a version moves it from any other. SSM's rules apply in both stores: 1–100 letters, digits, '.', '-' or '_', not starting with a digit, 'aws' or 'ssm'; at most 10 labels a version. Reference it as PATH:LABEL (`secrets get /app/db/password:prod`, `ssm:/app/db/password:prod` in an env file)."
  static override examples = [
    '<%= config.bin %> label /app/db/password 3 prod',
    '<%= config.bin %> label /app/db/password 4 prod canary --store ssm --profile dev',
  ]
  static override strict = false
  static override args = {
    path: Args.string({ required: true, description: 'Parameter path' }),
    version: Args.integer({ required: true, min: 1, description: 'Version to label' }),
    label: Args.string({ required: true, description: 'Label (more may follow)' }),
  }
  static override flags = {
    ...storeFlags,
    json: Flags.boolean({ description: 'Print {path, version, labels} as JSON' }),
  }

  async run(): Promise<void> {
    const { args, argv, flags } = await this.parse(Label)
    const path = parseParameterPath(args.path)
    const labels = (argv as string[]).slice(2)
    const { store, settings } = await selectStore(appContext(), settingFlags(flags))
    const { version } = await audited(
      { op: 'label', ...storeIdentity(settings), paths: [path], versions: { [path]: args.version } },
      () => labelVersion(store, path, args.version, labels),
    )
    tell(`Labelled ${path} version ${version} in the ${store.kind} store: ${labels.join(', ')}.`)
    if (flags.json) printJson({ path, version, labels, store: store.kind })
  }
}
