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
export { verifyChain, type AuditLine, type VerifyResult, type ChainProblem } from './audit-verify.js'
export { selectEntries, formatAuditTable, type AuditQuery } from './audit-query.js'
