import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { appContext, selectStore } from '../cli/context.js'
import { settingFlags, storeFlags } from '../cli/flags.js'
import { parseParameterPath } from '../core/store/index.js'
import { UsageError } from '../shared/errors.js'

export default class Delete extends BaseCommand {
  static override summary = 'Delete a parameter and its history'
  static override args = { path: Args.string({ required: true, description: 'Parameter path' }) }
  static override flags = {
    ...storeFlags,
    json: Flags.boolean({ description: 'Print {path, deleted} as JSON' }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Delete)
    const path = parseParameterPath(args.path)
    const { store } = await selectStore(appContext(), settingFlags(flags))
    if (!(await store.delete(path)))
      throw new UsageError(`No parameter ${path} in the ${store.kind} store.`, { code: 'ParameterNotFound' })
    process.stderr.write(`Deleted ${path} from the ${store.kind} store.\n`)
    if (flags.json) process.stdout.write(`${JSON.stringify({ path, deleted: true })}\n`)
  }
}
