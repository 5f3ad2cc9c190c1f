import { BaseCommand } from '../cli/base-command.js'
import { appContext } from '../cli/context.js'
import { runFlags } from '../cli/flags.js'
import { runInvocation } from '../cli/run-invocation.js'
import { runExitCode } from '../core/run/index.js'

export default class Run extends BaseCommand {
  static override summary = 'Run a command with secrets from the store injected as environment variables'
  static override description = `Precedence, lowest to highest: --env-file files → the inherited environment → parameters under each --path. A parameter's name relative to its --path becomes the variable: /app/dev/db/password → DB_PASSWORD. The command runs without a shell, keeps the terminal, and its exit status is passed through (128+N when it dies of signal N). Failures of secrets itself exit 125; 126/127 mean the command is not executable / not found.`
  static override usage = 'run [FLAGS] -- CMD [ARGS...]'
  static override examples = [
    '<%= config.bin %> run --path /app/dev -- npm start',
    '<%= config.bin %> run --store ssm --profile dev --path /app/dev --explain -- node server.js',
    '<%= config.bin %> run --env-file .env -- ./script.sh   # .env may hold DB_PASSWORD=ssm:/app/dev/db/password',
  ]
  // The child's argv follows `--`; words before it are refused by planRun (both parsers).
  static override strict = false
  static override flags = runFlags

  protected override exitCodeFor(error: Parameters<BaseCommand['exitCodeFor']>[0]): number {
    return runExitCode(super.exitCodeFor(error))
  }

  async run(): Promise<void> {
    // The child's argv is exactly what follows `--`: oclif's parsed argv may reorder tokens.
    const split = this.argv.indexOf('--')
    const command = split === -1 ? [] : this.argv.slice(split + 1)
    const { flags, argv } = await this.parse(Run, split === -1 ? this.argv : this.argv.slice(0, split))
    process.exitCode = await runInvocation({ flags, positionals: argv.map(String), command }, appContext())
  }
}
