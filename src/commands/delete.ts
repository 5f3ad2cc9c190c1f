import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { audited } from '../cli/audit.js'
import { appContext, resolveInvocation, storeIdentity } from '../cli/context.js'
import { settingFlags, storeFlags } from '../cli/flags.js'
import { printJson, tell } from '../cli/present.js'
import { confirmDelete } from '../cli/store-target.js'
import { deleteExistingParameter, missingParameter, parseParameterPath } from '../core/store/index.js'

export default class Delete extends BaseCommand {
  static override summary = 'Delete a parameter and its history'
  static override examples = [
    '<%= config.bin %> delete /app/dev/old-api-key',
    '<%= config.bin %> delete /app/dev/old-api-key --store ssm --profile dev --yes --json',
  ]
  static override args = { path: Args.string({ required: true, description: 'Parameter path' }) }
  static override flags = {
    ...storeFlags,
    yes: Flags.boolean({ char: 'y', description: 'Delete without asking (required without a terminal)' }),
    json: Flags.boolean({ description: 'Print {path, deleted} as JSON' }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Delete)
    const path = parseParameterPath(args.path)
    const ctx = appContext()
    const invocation = await resolveInvocation(ctx, settingFlags(flags))
    const store = invocation.openStore(invocation.settings.store)
    // A missing path is said as such (with did-you-mean) before anyone is asked to confirm.
    if (!(await store.get(path))) throw await missingParameter(store, path)
    await confirmDelete(path, invocation, ctx, flags.yes)
    await audited({ op: 'delete', ...storeIdentity(invocation.settings), paths: [path] }, () =>
      deleteExistingParameter(store, path),
    )
    tell(`Deleted ${path} from the ${store.kind} store.`)
    if (flags.json) printJson({ path, deleted: true })
  }
}
