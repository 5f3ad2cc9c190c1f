import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { checkScanOutput, presentScan, scanProgress } from '../cli/scan-output.js'
import { FORMATS, scanInputOf, scanProject, type ReportFormat } from '../core/scan/index.js'

export default class Scan extends BaseCommand {
  static override summary = 'Find committed secrets in a tree, the staged changes or the git history'
  static override examples = [
    '<%= config.bin %> scan',
    '<%= config.bin %> scan --staged',
    '<%= config.bin %> scan --history --since v1.0 --format sarif > secrets.sarif',
    '<%= config.bin %> scan --write-baseline .secrets-baseline.json',
  ]
  static override args = { path: Args.string({ description: 'File or directory to scan', default: '.' }) }
  static override flags = {
    staged: Flags.boolean({
      description: 'Scan the index (what the next commit adds)',
      exclusive: ['history'],
    }),
    history: Flags.boolean({
      description: 'Scan every blob reachable in the git history',
      exclusive: ['staged'],
    }),
    since: Flags.string({
      description: 'With --history: only commits not reachable from REV',
      dependsOn: ['history'],
    }),
    format: Flags.string({ description: 'Output format', options: [...FORMATS], default: 'text' }),
    baseline: Flags.string({ description: 'Ignore findings recorded in this baseline file' }),
    'write-baseline': Flags.string({
      description: 'Record current findings (fingerprints only) to FILE and exit 0',
    }),
    'show-secrets': Flags.boolean({ description: 'Print secrets unredacted (only on a terminal)' }),
    verbose: Flags.boolean({ description: 'Name the files skipped as oversized on stderr' }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Scan)
    const output = { format: flags.format as ReportFormat, showSecrets: flags['show-secrets'] }
    checkScanOutput(output)
    const progress = scanProgress()
    const result = await scanProject(scanInputOf(args.path, flags), { onProgress: progress.onProgress })
    progress.clear()
    presentScan(result, { ...output, verbose: flags.verbose, version: this.config.version })
  }
}
