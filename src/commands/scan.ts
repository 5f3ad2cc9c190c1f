import { Args } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { scanFlags } from '../cli/scan-flags.js'
import { humanOutput, printResult } from '../cli/present.js'
import { checkScanOutput, formatRuleList, presentScan, scanProgress } from '../cli/scan-output.js'
import { scanExtraDeps } from '../cli/scan-deps.js'
import { endQuietlyOnEpipe } from '../cli/stdout-pipe.js'
import { listRules, scanInputOf, scanProject, type ReportFormat } from '../core/scan/index.js'

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
    endQuietlyOnEpipe()
    if (flags['list-rules']) return printResult(formatRuleList(await listRules(args.path)))
    const output = {
      format: flags.format as ReportFormat,
      showSecrets: flags['show-secrets'],
      verbose: flags.verbose,
      requireFullHistory: flags['require-full-history'],
    }
    checkScanOutput(output)
    const progress = scanProgress()
    const input = scanInputOf(args.path, flags)
    const extra = await scanExtraDeps(input)
    const result = await scanProject(input, {
      ...extra,
      onProgress: progress.onProgress,
      warn: (message) => humanOutput().warn(message),
    })
    progress.clear()
    presentScan(result, { ...output, version: this.config.version })
  }
}
