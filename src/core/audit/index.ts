/**
 * audit: this machine's append-only, hash-chained log of what `secrets` did with stores and
 * identities (never a value): appending under a lock, size-bounded rotation whose chain
 * continues across files, verification, and queries. May import: shared only.
 */
export {
  appendAudit,
  auditDir,
  auditFile,
  auditFiles,
  readAuditLines,
  lineHash,
  GENESIS,
  KEPT_FILES,
  type AuditEvent,
  type AuditEntry,
  type AppendDeps,
} from './audit-log.js'
export {
  verifyChain,
  describeVerify,
  type AuditLine,
  type VerifyResult,
  type ChainProblem,
} from './audit-verify.js'
export { selectEntries, formatAuditTable, parseSince, type AuditQuery } from './audit-query.js'

import { readAuditLines } from './audit-log.js'
import { selectEntries, type AuditQuery } from './audit-query.js'
import { verifyChain, type VerifyResult } from './audit-verify.js'
import type { AuditEntry } from './audit-log.js'

/** `secrets audit`: the entries a query selects, oldest first. */
export async function queryAudit(query: AuditQuery, env: NodeJS.ProcessEnv): Promise<AuditEntry[]> {
  return selectEntries(
    (await readAuditLines(env)).map((l) => l.line),
    query,
  )
}

/** `secrets audit --verify`: the chain recomputed over every kept file. */
export async function verifyAudit(env: NodeJS.ProcessEnv): Promise<VerifyResult> {
  return verifyChain(await readAuditLines(env))
}
