import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { storeFlags } from '../cli/flags.js'
import { printParameterList } from '../cli/read-commands.js'

export default class List extends BaseCommand {
  static override summary = 'List parameters under a path: names, versions, dates, masked values'
  static override examples = ['<%= config.bin %> list /app/dev', '<%= config.bin %> list --store ssm --json']
  static override args = { path: Args.string({ description: 'Path prefix (default /)', default: '/' }) }
  static override flags = {
    ...storeFlags,
    reveal: Flags.boolean({ description: 'Show String parameters in full (SecureStrings stay masked)' }),
    json: Flags.boolean({ description: 'Print a JSON array' }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(List)
    await printParameterList(args.path, flags)
  }
}
