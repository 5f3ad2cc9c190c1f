import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { printJson, printResult, setExitStatus, tell } from '../cli/present.js'
import {
  auditFile,
  describeVerify,
  formatAuditTable,
  parseSince,
  queryAudit,
  verifyAudit,
} from '../core/audit/index.js'

export default class Audit extends BaseCommand {
  static override summary =
    "Show this machine's audit log of store and identity operations, or verify its chain"
  static override description =
    "Every get, set, delete, label, list, history, run, rotate, pin, rekey and credential vend by this machine's `secrets` is appended to $XDG_STATE_HOME/secrets/audit.log (else ~/.local/state/secrets/audit.log), 0600, as JSON lines: time, OS user, AWS profile, operation, store, paths and versions, for run the command's argv[0], the working directory and the variable names, result and exit code. Never a value. Each line carries the SHA-256 of the previous line and a sequence number; --verify recomputes the chain across the rotated files and exits 1 at the first changed, inserted or removed entry."
  static override examples = [
    '<%= config.bin %> audit --since 24h',
    '<%= config.bin %> audit --path /app/prod --op get --json',
    '<%= config.bin %> audit --verify',
  ]
  static override flags = {
    since: Flags.string({ description: 'Only entries newer than this: a duration (24h, 7d) or an ISO date' }),
    path: Flags.string({ description: 'Only entries naming this path or one below it' }),
    op: Flags.string({ description: 'Only this operation (get, set, run, ...)' }),
    json: Flags.boolean({ description: 'Print the entries as JSON lines' }),
    verify: Flags.boolean({ description: 'Recompute the hash chain; exit 1 at the first bad entry' }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Audit)
    if (flags.verify) {
      const result = await verifyAudit(process.env)
      if (flags.json) printJson(result)
      tell(describeVerify(result, auditFile(process.env)))
      return setExitStatus(result.ok ? 0 : 1)
    }
    const since = flags.since ? { since: parseSince(flags.since, new Date()) } : {}
    const query = {
      ...since,
      ...(flags.path ? { path: flags.path } : {}),
      ...(flags.op ? { op: flags.op } : {}),
    }
    const entries = await queryAudit(query, process.env)
    if (flags.json) printResult(entries.map((e) => JSON.stringify(e)).join('\n'))
    else if (entries.length) printResult(formatAuditTable(entries))
    else tell('No audit entries match.')
  }
}
