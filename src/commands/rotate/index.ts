import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { appContext, selectStore } from '../../cli/context.js'
import { settingFlags, storeFlags } from '../../cli/flags.js'
import {
  CHARSET_NAMES,
  checkRotations,
  parseRotationPolicy,
  rotateParameter,
  type RotationStatus,
} from '../../core/rotate/index.js'
import { parseParameterPath } from '../../core/store/index.js'
import { ExitCode, UsageError } from '../../shared/errors.js'
import { formatTable } from '../../shared/table.js'

export default class Rotate extends BaseCommand {
  static override summary = 'Rotate a parameter to a new generated value, or list what is due (--check)'
  static override description =
    'Generates a value with the CSPRNG and writes it as a new version; prints only the version number. With --exec, CMD (run by the shell) applies the value first, getting SECRETS_OLD_VALUE and SECRETS_NEW_VALUE in its environment; if it fails nothing is written. `rotate --check` lists stored access keys and policy paths with their age and exits 1 if any is past its max age.'
  static override examples = [
    '<%= config.bin %> rotate /app/dev/api/token --length 48 --charset hex',
    "<%= config.bin %> rotate /app/dev/db/password --exec 'psql -c \"ALTER USER app PASSWORD '\"'\"'$SECRETS_NEW_VALUE'\"'\"'\"'",
    '<%= config.bin %> rotate --check --json',
  ]
  static override args = { path: Args.string({ description: 'Parameter path to rotate' }) }
  static override flags = {
    ...storeFlags,
    length: Flags.integer({ description: 'Length of the new value (default: policy, else 32)' }),
    charset: Flags.string({
      options: CHARSET_NAMES,
      description: 'Characters to draw from (default: policy, else alnum)',
    }),
    exec: Flags.string({ description: 'Command line that applies the new value first (run by the shell)' }),
    check: Flags.boolean({
      description: 'List personal credentials with their age; exit 1 if any is overdue',
    }),
    json: Flags.boolean({ description: 'Print the result as JSON' }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Rotate)
    const ctx = appContext()
    if (flags.check === Boolean(args.path))
      throw new UsageError('Give either a PATH to rotate or --check.', {
        hint: 'e.g. `secrets rotate /app/dev/db/password`.',
      })
    const { store, config } = await selectStore(ctx, settingFlags(flags))
    const policy = parseRotationPolicy(config?.rotate, config?.file ?? '.secretsrc.json')
    if (flags.check) {
      const statuses = await checkRotations(
        { policy, now: new Date() },
        { keychain: ctx.keychain, store: () => store },
      )
      return present(statuses, flags.json)
    }
    const path = parseParameterPath(args.path ?? '')
    const result = await rotateParameter(
      {
        path,
        policy,
        ...(flags.length !== undefined ? { length: flags.length } : {}),
        ...(flags.charset ? { charset: flags.charset } : {}),
        ...(flags.exec !== undefined ? { exec: flags.exec } : {}),
      },
      { store, env: ctx.env, output: (line) => void process.stderr.write(`  | ${line}\n`) },
    )
    process.stderr.write(
      `Rotated ${path} to version ${result.version} (was ${result.previousVersion}) in the ${result.store} store: ${result.length} ${result.charset} characters.\n`,
    )
    const { path: p, version, previousVersion, store: kind } = result
    process.stdout.write(
      flags.json ? `${JSON.stringify({ path: p, version, previousVersion, store: kind })}\n` : `${version}\n`,
    )
  }
}

function present(statuses: RotationStatus[], json: boolean): void {
  const overdue = statuses.filter((s) => s.overdue).length
  if (json) process.stdout.write(`${JSON.stringify(statuses)}\n`)
  else if (statuses.length > 0) {
    const rows = statuses.map((s) => [
      s.overdue ? 'OVERDUE' : 'ok',
      s.kind,
      s.name,
      s.id,
      `${s.ageDays}d`,
      `${s.maxAgeDays}d`,
      s.lastRotated ?? 'never',
    ])
    process.stdout.write(
      `${formatTable(['STATUS', 'KIND', 'NAME', 'ID/VERSION', 'AGE', 'MAX', 'LAST ROTATED'], rows)}\n`,
    )
  }
  process.stderr.write(
    statuses.length === 0
      ? 'Nothing to check: no access keys stored with `secrets add-key` and no `rotate.paths` with a maxAge in .secretsrc.json.\n'
      : `${statuses.length} checked, ${overdue} overdue.${overdue ? ' Rotate with `secrets rotate aws-key --profile P` or `secrets rotate PATH`.' : ''}\n`,
  )
  if (overdue) process.exitCode = ExitCode.found
}
