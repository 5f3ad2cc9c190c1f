import { Args } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { scanFlags } from '../cli/scan-flags.js'
import { runScanCommand } from '../cli/scan-invocation.js'

export default class Scan extends BaseCommand {
  static override summary = 'Find committed secrets in a tree, the staged changes or the git history'
  static override examples = [
    '<%= config.bin %> scan',
    '<%= config.bin %> scan --staged',
    '<%= config.bin %> scan --history --since v1.0 --format sarif > secrets.sarif',
    '<%= config.bin %> scan --history --range origin/main..HEAD --require-full-history',
    '<%= config.bin %> scan --write-baseline .secrets-baseline.json',
    '<%= config.bin %> scan --list-rules',
  ]
  static override args = { path: Args.string({ description: 'File or directory to scan', default: '.' }) }
  static override flags = scanFlags

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Scan)
    // The same body the start-up fast path runs (src/cli/fast-path.ts).
    await runScanCommand(args.path, flags, this.config.version)
  }
}
