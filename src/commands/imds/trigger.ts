import { Args } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { appContext } from '../../cli/context.js'
import { imdsTriggerFlags } from '../../cli/flags.js'
import { printJson, printResult } from '../../cli/present.js'
import { SIMULATIONS, parseDelay, scheduledCells, sendTrigger } from '../../core/imds/index.js'
import { formatColumns } from '../../shared/table.js'

export default class ImdsTrigger extends BaseCommand {
  static override summary = 'Trigger a lifecycle simulation on a running `secrets imds` / `run --imds`'
  static override description =
    'Reaches the emulator through its private Unix socket (same user, same machine): spot-interruption, rebalance, maintenance-event, asg-terminate; `list` prints the schedule.'
  static override examples = [
    '<%= config.bin %> imds trigger spot-interruption --spot-action stop',
    '<%= config.bin %> imds trigger rebalance --delay 30s --port 9911',
    '<%= config.bin %> imds trigger list',
  ]
  static override args = {
    event: Args.string({ required: true, options: [...SIMULATIONS, 'list'], description: 'What to trigger' }),
  }
  static override flags = imdsTriggerFlags

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ImdsTrigger)
    const { port, scheduled } = await sendTrigger(
      {
        kind: args.event,
        delayMs: parseDelay(flags.delay, '--delay'),
        ...(flags['spot-action'] ? { action: flags['spot-action'] } : {}),
        ...(flags.port ? { port: flags.port } : {}),
      },
      { env: appContext().env },
    )
    if (flags.json) printJson({ port, scheduled })
    else
      printResult(
        formatColumns(scheduled.map((s) => [...scheduledCells(s), `(port ${port})`])) ||
          `Nothing scheduled on port ${port}.`,
      )
  }
}
