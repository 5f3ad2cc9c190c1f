import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { appContext } from '../cli/context.js'
import { humanOutput, printJson, printResult, setExitStatus, tell } from '../cli/present.js'
import { manageTrust } from '../core/config/index.js'
import { ExitCode } from '../shared/errors.js'

export default class Trust extends BaseCommand {
  static override summary =
    "Consent to a project's .secretsrc.json (and its env files) before commands use it"
  static override description =
    'A project config decides which secrets, AWS profile and files reach a command, so `run`, `imds` and the store commands use one only after you trusted it: its path and the SHA-256 of its content and of every env file it names. Any change asks again. Shows what the config asks for first; on a terminal it asks, elsewhere pass --yes (CI after checkout). The record lives in the config dir (trust.json, 0600).'
  static override examples = [
    '<%= config.bin %> trust',
    '<%= config.bin %> trust ../other-project/.secretsrc.json --yes',
    '<%= config.bin %> trust --list',
  ]
  static override args = {
    file: Args.string({ description: 'The config (or its directory); default: the one found from here' }),
  }
  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Trust without asking (still prints what it asks for)' }),
    list: Flags.boolean({
      description: 'List the trusted configs and their state',
      exclusive: ['revoke', 'yes'],
    }),
    revoke: Flags.boolean({ description: 'Forget the consent for the config', exclusive: ['list', 'yes'] }),
    json: Flags.boolean({ description: 'Print the result as JSON' }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Trust)
    const ctx = appContext()
    const mode = flags.list ? 'list' : flags.revoke ? 'revoke' : 'trust'
    const result = await manageTrust(
      { mode, file: args.file, yes: flags.yes, cwd: ctx.cwd },
      { env: ctx.env, human: humanOutput() },
    )
    if (flags.json) return printJson(result)
    if (result.mode === 'list')
      printResult(result.configs.map((c) => `${c.state}\t${c.trustedAt}\t${c.file}`).join('\n'))
    else if (result.mode === 'revoke')
      tell(result.revoked ? `No longer trusted: ${result.file}` : `${result.file} was not trusted.`)
    else if (result.trusted) tell(`Trusted ${result.file}.`)
    else {
      tell(`Not trusted: ${result.file}.`)
      setExitStatus(ExitCode.localEnv)
    }
  }
}
