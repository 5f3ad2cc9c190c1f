import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { storeFlags } from '../cli/flags.js'
import { printParameter } from '../cli/read-commands.js'

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
    await printParameter(args.path, flags)
  }
}
