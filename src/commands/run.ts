import * as Flags from '@oclif/core/flags'
import { BaseCommand } from '../cli/base-command.js'
import { appContext, openStoreFor } from '../cli/context.js'
import { settingFlags, storeFlags } from '../cli/flags.js'
import { cacheIdentity, runCache } from '../cli/run-context.js'
import { findProjectConfig, resolveSettings } from '../core/config/index.js'
import { runWithSecrets, spawnChild } from '../core/run/index.js'
import { parsePathPrefix } from '../core/store/index.js'
import { parseDuration } from '../shared/duration.js'
import { ExitCode } from '../shared/errors.js'

export default class Run extends BaseCommand {
  static override summary = 'Run a command with secrets from the store injected as environment variables'
  static override description = `Precedence, lowest to highest: --env-file files → the inherited environment → parameters under each --path. A parameter's name relative to its --path becomes the variable: /app/dev/db/password → DB_PASSWORD. The command runs without a shell, keeps the terminal, and its exit status is passed through (128+N when it dies of signal N). Failures of secrets itself exit 125; 126/127 mean the command is not executable / not found.`
  static override examples = [
    '<%= config.bin %> run --path /app/dev -- npm start',
    '<%= config.bin %> run --store ssm --profile dev --path /app/dev --explain -- node server.js',
    '<%= config.bin %> run --env-file .env -- ./script.sh   # .env may hold DB_PASSWORD=ssm:/app/dev/db/password',
  ]
  static override strict = false
  static override flags = {
    ...storeFlags,
    path: Flags.string({
      char: 'p',
      multiple: true,
      description: 'Inject every parameter under this path (repeatable)',
    }),
    'env-file': Flags.string({
      multiple: true,
      description: 'dotenv file; values may be ssm:/path or local:/path references',
    }),
    'preserve-env': Flags.string({
      description: 'Comma-separated inherited variables the store must not override',
    }),
    explain: Flags.boolean({
      description: 'Print to stderr which layer supplied each variable (names only)',
    }),
    'allow-nested': Flags.boolean({ description: 'Allow running inside another `secrets run`' }),
    offline: Flags.boolean({ description: 'Use only the encrypted cache of the last successful fetch' }),
    'max-stale': Flags.string({
      default: '24h',
      description: 'Oldest cached copy to run from when the store is unreachable',
    }),
  }

  protected override exitCodeFor(error: Parameters<BaseCommand['exitCodeFor']>[0]): number {
    const code = super.exitCodeFor(error)
    return code === ExitCode.notExecutable || code === ExitCode.notFound ? code : ExitCode.runFailed
  }

  async run(): Promise<void> {
    // The child's argv is exactly what follows `--`: oclif's parsed argv may reorder tokens.
    const split = this.argv.indexOf('--')
    const command = split === -1 ? [] : this.argv.slice(split + 1)
    const { flags } = await this.parse(Run, split === -1 ? this.argv : this.argv.slice(0, split))
    const ctx = appContext()
    const settings = resolveSettings(
      {
        ...settingFlags(flags),
        ...(flags.path ? { paths: flags.path } : {}),
        ...(flags['env-file'] ? { envFiles: flags['env-file'] } : {}),
      },
      await findProjectConfig(ctx.cwd),
      ctx.cwd,
    )
    const code = await runWithSecrets(
      {
        command,
        settings: { ...settings, paths: settings.paths.map(parsePathPrefix) },
        preserveEnv: (flags['preserve-env'] ?? '')
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean),
        explain: flags.explain,
        allowNested: flags['allow-nested'],
        offline: flags.offline,
        maxStaleMs: parseDuration(flags['max-stale'], '--max-stale'),
      },
      {
        env: ctx.env,
        openStore: (kind) => openStoreFor(ctx, kind, settings),
        cache: runCache(ctx),
        cacheIdentity: cacheIdentity(ctx.env, settings),
        now: () => new Date(),
        warn: (line) => process.stderr.write(`${line}\n`),
        spawn: (argv, env) => spawnChild(argv, env),
      },
    )
    process.exitCode = code
  }
}
