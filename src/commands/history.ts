import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { appContext, selectStore } from '../cli/context.js'
import { settingFlags, storeFlags } from '../cli/flags.js'
import { parseParameterPath } from '../core/store/index.js'
import { toParameterView } from '../core/store/parameter-view.js'
import { UsageError } from '../shared/errors.js'
import { formatTable } from '../shared/table.js'

export default class History extends BaseCommand {
  static override summary = 'Show the versions of a parameter (values masked)'
  static override args = { path: Args.string({ required: true, description: 'Parameter path' }) }
  static override flags = { ...storeFlags, json: Flags.boolean({ description: 'Print a JSON array' }) }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(History)
    const path = parseParameterPath(args.path)
    const { store } = await selectStore(appContext(), settingFlags(flags))
    const versions = (await store.history(path)).map(toParameterView)
    if (versions.length === 0)
      throw new UsageError(`No parameter ${path} in the ${store.kind} store.`, { code: 'ParameterNotFound' })
    if (flags.json) return void process.stdout.write(`${JSON.stringify(versions)}\n`)
    const rows = versions.map((v) => [String(v.version), v.lastModified, v.type, v.value])
    process.stdout.write(`${formatTable(['VERSION', 'MODIFIED', 'TYPE', 'VALUE'], rows)}\n`)
  }
}
