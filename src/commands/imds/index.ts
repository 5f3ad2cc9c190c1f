import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { appContext } from '../../cli/context.js'
import { exportLines, startForegroundEmulator } from '../../core/imds/index.js'

export default class Imds extends BaseCommand {
  static override summary = 'Serve EC2 IMDSv2 and ECS container credentials locally, in the foreground'
  static override description =
    'For tools started outside `secrets run`: prints the lines to export in their shell, serves temporary credentials (never long-term keys) until Ctrl-C.'
  static override examples = [
    'eval "$(<%= config.bin %> imds --profile dev)"  # in another shell: paste the printed lines',
    '<%= config.bin %> imds --port 9911 --ecs-port 9912 --role-arn arn:aws:iam::123456789012:role/app',
    'sudo <%= config.bin %> imds --bind 169.254.169.254 --port 80  # after adding the loopback alias',
  ]
  static override flags = {
    port: Flags.integer({ description: 'IMDS port (0: any free port)', default: 0, min: 0, max: 65535 }),
    'ecs-port': Flags.integer({
      description: 'ECS credentials port (0: any free port)',
      default: 0,
      min: 0,
      max: 65535,
    }),
    profile: Flags.string({
      description: 'AWS profile whose identity is served (default: the project config, else the SDK chain)',
    }),
    region: Flags.string({ description: 'Region reported by the instance identity' }),
    'role-arn': Flags.string({ description: 'Serve credentials of this role (STS AssumeRole)' }),
    bind: Flags.string({ description: 'Listen address (default 127.0.0.1)', default: '127.0.0.1' }),
    'imds-v1': Flags.boolean({ description: 'Also answer IMDSv1 requests (no session token)' }),
    json: Flags.boolean({ description: 'Print the endpoints as one JSON line instead of shell lines' }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Imds)
    const ctx = appContext()
    const served = await startForegroundEmulator(
      {
        imdsPort: flags.port,
        ecsPort: flags['ecs-port'],
        bind: flags.bind,
        imdsV1: flags['imds-v1'],
        cwd: ctx.cwd,
        ...(flags.profile ? { profile: flags.profile } : {}),
        ...(flags.region ? { region: flags.region } : {}),
        ...(flags['role-arn'] ? { roleArn: flags['role-arn'] } : {}),
      },
      {
        env: ctx.env,
        keychain: ctx.keychain,
        onWarning: (message) => process.stderr.write(`secrets: warning: ${message}\n`),
      },
    )
    const { identity } = served.emulator
    process.stdout.write(`${flags.json ? JSON.stringify(served.exports) : exportLines(served.exports)}\n`)
    process.stderr.write(
      `Serving ${identity.roleArn} (account ${identity.accountId}, ${identity.region}); Ctrl-C to stop.\n`,
    )
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(name, () => resolve(name))
    })
    await served.close()
    process.stderr.write(`Stopped (${signal}).\n`)
  }
}
