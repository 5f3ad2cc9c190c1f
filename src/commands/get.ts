import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { appContext, selectStore } from '../cli/context.js'
import { settingFlags, storeFlags } from '../cli/flags.js'
import { parseParameterPath } from '../core/store/index.js'
import { toParameterView } from '../core/store/parameter-view.js'
import { UsageError } from '../shared/errors.js'

export default class Get extends BaseCommand {
  static override summary =
    'Print a parameter value (to a pipe or file; masked on a terminal unless --reveal)'
  static override examples = [
    '<%= config.bin %> get /app/dev/db/password | psql ...',
    '<%= config.bin %> get /app/dev/db/password --json',
  ]
  static override args = { path: Args.string({ required: true, description: 'Parameter path' }) }
  static override flags = {
    ...storeFlags,
    reveal: Flags.boolean({ description: 'Print the value even when stdout is a terminal' }),
    json: Flags.boolean({ description: 'Print metadata as JSON (the value masked)' }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Get)
    const path = parseParameterPath(args.path)
    const { store } = await selectStore(appContext(), settingFlags(flags))
    const parameter = await store.get(path)
    if (!parameter)
      throw new UsageError(`No parameter ${path} in the ${store.kind} store.`, {
        hint: `See \`secrets list\`.`,
        code: 'ParameterNotFound',
      })
    if (flags.json) return void process.stdout.write(`${JSON.stringify(toParameterView(parameter))}\n`)
    if (process.stdout.isTTY && !flags.reveal) {
      const view = toParameterView(parameter)
      process.stdout.write(`${view.value}\n`)
      process.stderr.write(`(version ${view.version}; masked on a terminal: pipe it, or add --reveal)\n`)
      return
    }
    process.stdout.write(`${parameter.value}\n`)
  }
}
