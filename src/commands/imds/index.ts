import { BaseCommand } from '../../cli/base-command.js'
import { appContext, resolveInvocation } from '../../cli/context.js'
import { imdsFlags, settingFlags } from '../../cli/flags.js'
import { humanOutput, printJson, printResult, tell } from '../../cli/present.js'
import { scopedEmulatorInput } from '../../cli/run-needs.js'
import { waitForStopSignal } from '../../cli/stop-signal.js'
import {
  exportLines,
  formatRequestLine,
  instanceInput,
  startForegroundEmulator,
} from '../../core/imds/index.js'

export default class Imds extends BaseCommand {
  static override summary = 'Serve EC2 IMDSv2 and ECS container credentials locally, in the foreground'
  static override description =
    'For tools started outside `secrets run`: prints the lines to export in their shell, serves temporary credentials (never long-term keys) until Ctrl-C.'
  static override examples = [
    'eval "$(<%= config.bin %> imds --profile dev)"  # in another shell: paste the printed lines',
    '<%= config.bin %> imds --port 9911 --ecs-port 9912 --role-arn arn:aws:iam::123456789012:role/app',
    'sudo <%= config.bin %> imds --bind 169.254.169.254 --port 80  # after adding the loopback alias',
    '<%= config.bin %> imds --user-data cloud-config.yaml --spot-interruption 30s',
  ]
  static override flags = imdsFlags

  async run(): Promise<void> {
    const { flags } = await this.parse(Imds)
    const ctx = appContext()
    // Like every command: --profile/--region, else the project's .secretsrc.json.
    const invocation = await resolveInvocation(ctx, settingFlags(flags))
    const { aws, config, profileNote } = invocation
    if (profileNote && aws.profile) tell(`secrets: ${profileNote}`)
    // The project's "needs" narrow what is served, as for `run --imds` (src/cli/run-needs.ts).
    const scoped = await scopedEmulatorInput(
      flags['role-arn'] ? { roleArn: flags['role-arn'] } : {},
      { unscoped: flags.unscoped },
      invocation,
      ctx.env,
      humanOutput(),
    )
    const served = await startForegroundEmulator(
      {
        imdsPort: flags.port,
        ecsPort: flags['ecs-port'],
        bind: flags.bind,
        imdsV1: flags['imds-v1'],
        ...aws,
        ...scoped,
        ...instanceInput(flags, config?.imds),
      },
      {
        env: ctx.env,
        keychain: ctx.keychain,
        out: humanOutput(),
        ...(flags.verbose ? { onRequest: (entry) => tell(formatRequestLine(entry, new Date())) } : {}),
      },
    )
    const { identity } = served.emulator
    if (flags.json) printJson(served.exports)
    else printResult(exportLines(served.exports))
    tell(`Serving ${identity.roleArn} (account ${identity.accountId}, ${identity.region}); Ctrl-C to stop.`)
    const signal = await waitForStopSignal()
    await served.close()
    tell(`Stopped (${signal}).`)
  }
}
