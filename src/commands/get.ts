import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { appContext, selectStore } from '../cli/context.js'
import { settingFlags, storeFlags } from '../cli/flags.js'
import { printResult, stdoutIsTerminal, tell } from '../cli/present.js'
import { getExistingParameter, parseParameterPath, presentParameter } from '../core/store/index.js'

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
    const parameter = await getExistingParameter(store, path)
    const shown = presentParameter(parameter, {
      stdoutIsTerminal: stdoutIsTerminal(),
      reveal: flags.reveal,
      json: flags.json,
    })
    printResult(shown.stdout)
    if (shown.note) tell(shown.note)
  }
}
