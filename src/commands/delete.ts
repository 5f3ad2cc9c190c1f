import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { audited } from '../cli/audit.js'
import { appContext, selectStore, storeIdentity } from '../cli/context.js'
import { settingFlags, storeFlags } from '../cli/flags.js'
import { printJson, tell } from '../cli/present.js'
import { deleteExistingParameter, parseParameterPath } from '../core/store/index.js'

export default class Delete extends BaseCommand {
  static override summary = 'Delete a parameter and its history'
  static override examples = [
    '<%= config.bin %> delete /app/dev/old-api-key',
    '<%= config.bin %> delete /app/dev/old-api-key --store ssm --profile dev --json',
  ]
  static override args = { path: Args.string({ required: true, description: 'Parameter path' }) }
  static override flags = {
    ...storeFlags,
    json: Flags.boolean({ description: 'Print {path, deleted} as JSON' }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Delete)
    const path = parseParameterPath(args.path)
    const { store, settings } = await selectStore(appContext(), settingFlags(flags))
    await audited({ op: 'delete', ...storeIdentity(settings), paths: [path] }, () =>
      deleteExistingParameter(store, path),
    )
    tell(`Deleted ${path} from the ${store.kind} store.`)
    if (flags.json) printJson({ path, deleted: true })
  }
}
