import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { appContext, selectStore } from '../cli/context.js'
import { settingFlags, storeFlags } from '../cli/flags.js'
import { parsePathPrefix } from '../core/store/index.js'
import { toParameterView } from '../core/store/parameter-view.js'
import { formatTable } from '../shared/table.js'

export default class List extends BaseCommand {
  static override summary = 'List parameters under a path: names, versions, dates, masked values'
  static override examples = ['<%= config.bin %> list /app/dev', '<%= config.bin %> list --store ssm --json']
  static override args = { path: Args.string({ description: 'Path prefix (default /)', default: '/' }) }
  static override flags = { ...storeFlags, json: Flags.boolean({ description: 'Print a JSON array' }) }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(List)
    const prefix = parsePathPrefix(args.path)
    const { store } = await selectStore(appContext(), settingFlags(flags))
    const views = (await store.getByPath(prefix))
      .map(toParameterView)
      .sort((a, b) => a.path.localeCompare(b.path))
    if (flags.json) return void process.stdout.write(`${JSON.stringify(views)}\n`)
    if (views.length === 0)
      return void process.stderr.write(`No parameters under ${prefix} in the ${store.kind} store.\n`)
    const rows = views.map((v) => [v.path, String(v.version), v.lastModified, v.value])
    process.stdout.write(`${formatTable(['PATH', 'VERSION', 'MODIFIED', 'VALUE'], rows)}\n`)
  }
}
