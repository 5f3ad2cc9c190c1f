import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { appContext, selectStore } from '../cli/context.js'
import { settingFlags, storeFlags } from '../cli/flags.js'
import { printResult, tell } from '../cli/present.js'
import { parsePathPrefix, presentParameterList } from '../core/store/index.js'

export default class List extends BaseCommand {
  static override summary = 'List parameters under a path: names, versions, dates, masked values'
  static override examples = ['<%= config.bin %> list /app/dev', '<%= config.bin %> list --store ssm --json']
  static override args = { path: Args.string({ description: 'Path prefix (default /)', default: '/' }) }
  static override flags = { ...storeFlags, json: Flags.boolean({ description: 'Print a JSON array' }) }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(List)
    const prefix = parsePathPrefix(args.path)
    const { store } = await selectStore(appContext(), settingFlags(flags))
    const parameters = await store.getByPath(prefix)
    const shown = presentParameterList(parameters, { prefix, kind: store.kind, json: flags.json })
    printResult(shown.stdout)
    if (shown.note) tell(shown.note)
  }
}
