import { join } from 'node:path'
import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { tell } from '../../cli/present.js'
import { installHook } from '../../core/scan/index.js'

export default class HookInstall extends BaseCommand {
  static override summary = 'Install a git pre-commit hook that runs `secrets scan --staged`'
  static override description =
    'Respects core.hooksPath. An existing pre-commit hook is kept, renamed to pre-commit.secrets-chained, and run first; `secrets hook uninstall` restores it.'
  static override examples = [
    '<%= config.bin %> hook install',
    '<%= config.bin %> hook install --in-tree',
    '<%= config.bin %> hook install --known-values',
  ]
  static override flags = {
    'known-values': Flags.boolean({
      description: "The hook also looks for the project's own current secret values (scan --known-values)",
    }),
    'in-tree': Flags.boolean({
      description:
        'core.hooksPath is inside the work tree (.husky): write the hook there anyway, calling `secrets` from PATH (no absolute path)',
    }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(HookInstall)
    const result = await installHook({
      cwd: process.cwd(),
      command: [process.execPath, join(this.config.root, 'bin', 'run.js')],
      ...(flags['in-tree'] ? { inTree: true } : {}),
      knownValues: flags['known-values'],
    })
    tell(`${result.alreadyInstalled ? 'Updated' : 'Installed'} pre-commit hook at ${result.hookPath}.`)
    if (result.chainedPath) tell(`The previous hook runs first (kept as ${result.chainedPath}).`)
  }
}
