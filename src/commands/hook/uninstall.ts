import { BaseCommand } from '../../cli/base-command.js'
import { uninstallHook } from '../../core/scan/index.js'

export default class HookUninstall extends BaseCommand {
  static override summary = 'Remove the secrets pre-commit hook and restore the hook it replaced'
  static override examples = ['<%= config.bin %> hook uninstall']

  async run(): Promise<void> {
    await this.parse(HookUninstall)
    const result = await uninstallHook({ cwd: process.cwd() })
    process.stderr.write(`Removed the secrets pre-commit hook from ${result.hookPath}.\n`)
    if (result.chainedPath) process.stderr.write(`Restored the previous hook.\n`)
  }
}
