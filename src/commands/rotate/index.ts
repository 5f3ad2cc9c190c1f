import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { audited } from '../../cli/audit.js'
import { appContext, resolveInvocation, storeIdentity } from '../../cli/context.js'
import { dataKeyAges } from '../../cli/data-keys.js'
import { announceProjectWrite } from '../../cli/store-target.js'
import { settingFlags, storeFlags } from '../../cli/flags.js'
import { humanOutput, printResult, setExitStatus, tell } from '../../cli/present.js'
import { subcommandTypo } from '../../cli/suggest.js'
import { UsageError } from '../../shared/errors.js'
import { CHARSET_NAMES, describeParameterRotation, parseRotationPolicy } from '../../core/rotate/index.js'
import { reportRotations, rotateParameter, rotateTarget } from '../../core/rotate/index.js'

export default class Rotate extends BaseCommand {
  static override summary = 'Rotate a parameter to a new generated value, or list what is due (--check)'
  static override description =
    'Generates a value with the CSPRNG and writes it as a new version; prints only the version number. --exec CMD (run by your shell) applies the value first, reading SECRETS_OLD_VALUE / SECRETS_NEW_VALUE from its environment; if it fails nothing is written. --check lists stored access keys and policy paths by age and exits 1 if any is overdue.'
  static override examples = [
    '<%= config.bin %> rotate /app/dev/api/token --length 48 --charset hex',
    `<%= config.bin %> rotate /app/dev/db/password --exec 'printf "ALTER USER app PASSWORD '\\''%s'\\'';" "$SECRETS_NEW_VALUE" | psql'`,
    '<%= config.bin %> rotate --check --json',
  ]
  static override args = { path: Args.string({ description: 'Parameter path to rotate' }) }
  static override flags = {
    ...storeFlags,
    length: Flags.integer({ description: 'Length of the new value (default: policy, else 32)' }),
    charset: Flags.string({ options: CHARSET_NAMES, description: 'Alphabet (default: policy, else alnum)' }),
    exec: Flags.string({ description: 'Command line that applies the new value first (run by your shell)' }),
    check: Flags.boolean({ description: 'List credentials by age; exit 1 if any is overdue' }),
    json: Flags.boolean({ description: 'Print the result as JSON' }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Rotate)
    const typo = subcommandTypo('rotate', args.path, this.config.commandIDs)
    if (typo) throw new UsageError(typo.message, { hint: typo.hint, code: 'CommandNotFound' })
    const target = rotateTarget(args.path, flags.check)
    const ctx = appContext()
    const invocation = await resolveInvocation(ctx, settingFlags(flags))
    const { config, settings } = invocation
    const store = invocation.openStore(invocation.settings.store)
    const policy = parseRotationPolicy(config?.rotate, config?.file ?? '.secretsrc.json')
    if (target.check) {
      const report = await reportRotations(
        { policy, now: new Date() },
        { ...ctx, store: () => store, dataKeys: () => dataKeyAges(ctx) },
      )
      printResult(flags.json ? JSON.stringify(report.statuses) : report.table)
      tell(report.summary)
      return setExitStatus(report.exitCode)
    }
    await announceProjectWrite(target.path, invocation, ctx)
    const { length, charset, exec } = flags
    const input = { path: target.path, policy, length, charset, exec }
    const result = await audited(
      { op: 'rotate', ...storeIdentity(settings), paths: [target.path] },
      () => rotateParameter(input, { store, ...ctx, human: humanOutput() }),
      (r) => ({ versions: { [r.path]: r.version } }),
    )
    tell(describeParameterRotation(result))
    const { path, version, previousVersion, store: kind } = result
    printResult(flags.json ? JSON.stringify({ path, version, previousVersion, store: kind }) : `${version}`)
  }
}
