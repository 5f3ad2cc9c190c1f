import { Flags } from '@oclif/core'
import { audited } from '../cli/audit.js'
import { BaseCommand } from '../cli/base-command.js'
import { appContext, resolveInvocation, storeIdentity } from '../cli/context.js'
import { settingFlags, storeFlags, runFlags } from '../cli/flags.js'
import { printJson, printResult, setExitStatus, tell } from '../cli/present.js'
import { describePin, pinProject } from '../core/run/index.js'

export default class Pin extends BaseCommand {
  static override summary = 'Write secrets.lock.json: the version of every parameter the project injects'
  static override description =
    'For each --path (and "paths" in .secretsrc.json) every parameter under it, and every ssm:/local: reference in the env files, at the version `secrets run` would read now: store, name, version and last-modified time, sorted, beside .secretsrc.json (else in the current directory). Never a value or a hash of one. --check compares without writing and exits 1 listing the differences.'
  static override examples = ['<%= config.bin %> pin', '<%= config.bin %> pin --check --env ci']
  static override flags = {
    ...storeFlags,
    path: runFlags.path,
    'env-file': runFlags['env-file'],
    check: Flags.boolean({ description: 'Compare with the lockfile; exit 1 listing differences' }),
    json: Flags.boolean({ description: 'Print {file, written, parameters, differences} as JSON' }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Pin)
    const ctx = appContext()
    const invocation = await resolveInvocation(ctx, settingFlags(flags))
    const result = await audited(
      { op: 'pin', ...storeIdentity(invocation.settings), paths: invocation.settings.paths },
      () =>
        pinProject(
          {
            settings: invocation.settings,
            configDir: invocation.config?.dir,
            cwd: ctx.cwd,
            check: flags.check,
          },
          invocation.openStore,
        ),
      (r) => ({ versions: Object.fromEntries(r.entries.map((e) => [`${e.store}:${e.name}`, e.version])) }),
    )
    const shown = describePin(result, flags.check)
    if (flags.json) printJson(result)
    else printResult(shown.stdout)
    tell(shown.note)
    setExitStatus(shown.exitCode)
  }
}
