import { BaseCommand } from '../../cli/base-command.js'
import { tell } from '../../cli/present.js'
import { uninstallHook } from '../../core/scan/index.js'

export default class HookUninstall extends BaseCommand {
  static override summary = 'Remove the secrets pre-commit hook and restore the hook it replaced'
  static override examples = ['<%= config.bin %> hook uninstall']

  async run(): Promise<void> {
    await this.parse(HookUninstall)
    const result = await uninstallHook({ cwd: process.cwd() })
    tell(`Removed the secrets pre-commit hook from ${result.hookPath}.`)
    if (result.chainedPath) tell('Restored the previous hook.')
  }
}
