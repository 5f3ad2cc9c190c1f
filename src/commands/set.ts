import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { audited } from '../cli/audit.js'
import { appContext, resolveInvocation, storeIdentity } from '../cli/context.js'
import { settingFlags, storeFlags } from '../cli/flags.js'
import { printJson, printResult, tell } from '../cli/present.js'
import { readSecretValue } from '../cli/secret-input.js'
import { announceProjectWrite } from '../cli/store-target.js'
import { checkInjectableValue } from '../core/run/index.js'
import { parseParameterPath } from '../core/store/index.js'

export default class Set extends BaseCommand {
  static override summary = 'Write a new version of a parameter (value from stdin or a no-echo prompt)'
  static override description =
    'The value is read from stdin when it is not a terminal, else prompted for without echo. It is never taken from the command line. A value `secrets run` could not inject (a NUL byte, over 128 KiB as NAME=value) is refused, in either store.'
  static override examples = [
    'printf %s "$DB_PASSWORD" | <%= config.bin %> set /app/dev/db/password',
    '<%= config.bin %> set /app/dev/api/key --store ssm',
  ]
  static override args = {
    path: Args.string({ required: true, description: 'Parameter path, e.g. /app/dev/db/password' }),
  }
  static override flags = {
    ...storeFlags,
    type: Flags.string({
      options: ['SecureString', 'String'],
      description: 'Parameter type (default SecureString)',
    }),
    json: Flags.boolean({ description: 'Print {path, version, store} as JSON' }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Set)
    const path = parseParameterPath(args.path)
    const ctx = appContext()
    const invocation = await resolveInvocation(ctx, settingFlags(flags))
    const { settings } = invocation
    const store = invocation.openStore(settings.store)
    await announceProjectWrite(path, invocation, ctx)
    const value = await readSecretValue(path)
    checkInjectableValue(path, value)
    const { version } = await audited(
      { op: 'set', ...storeIdentity(settings), paths: [path] },
      () => store.put(path, value, flags.type ? { type: flags.type as 'String' | 'SecureString' } : {}),
      (r) => ({ versions: { [path]: r.version } }),
    )
    tell(`Stored ${path} version ${version} in the ${store.kind} store.`)
    if (flags.json) printJson({ path, version, store: store.kind })
    else printResult(String(version))
  }
}
