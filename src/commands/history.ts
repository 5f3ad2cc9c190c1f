import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { audited, versionsOf } from '../cli/audit.js'
import { appContext, selectStore, storeIdentity } from '../cli/context.js'
import { settingFlags, storeFlags } from '../cli/flags.js'
import { printResult, stdoutIsTerminal } from '../cli/present.js'
import { getExistingHistory, parseParameterPath, presentHistory } from '../core/store/index.js'

export default class History extends BaseCommand {
  static override summary = 'Show the versions of a parameter with their labels (values masked)'
  static override examples = [
    '<%= config.bin %> history /app/dev/db/password',
    '<%= config.bin %> history /app/dev/db/password --store ssm --profile dev --json',
  ]
  static override args = { path: Args.string({ required: true, description: 'Parameter path' }) }
  static override flags = { ...storeFlags, json: Flags.boolean({ description: 'Print a JSON array' }) }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(History)
    const path = parseParameterPath(args.path)
    const { store, settings } = await selectStore(appContext(), settingFlags(flags))
    const versions = await audited(
      { op: 'history', ...storeIdentity(settings), paths: [path] },
      () => getExistingHistory(store, path),
      (v) => ({ versions: versionsOf(v.slice(-1)) }),
    )
    printResult(presentHistory(versions, { json: flags.json, stdoutIsTerminal: stdoutIsTerminal() }).stdout)
  }
}
