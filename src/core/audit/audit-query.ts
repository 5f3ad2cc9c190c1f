import { parseDuration } from '../../shared/duration.js'
import { UsageError } from '../../shared/errors.js'
import { formatTable } from '../../shared/table.js'
import type { AuditEntry } from './audit-log.js'

/** What `secrets audit` selects: since a time, under a path, one operation. */
export interface AuditQuery {
  since?: Date
  path?: string
  op?: string
}

/** The entries a query selects, oldest first; lines that are not entries are skipped. */
export function selectEntries(lines: string[], query: AuditQuery): AuditEntry[] {
  const out: AuditEntry[] = []
  for (const line of lines) {
    let entry: AuditEntry
    try {
      entry = JSON.parse(line) as AuditEntry
    } catch {
      continue
    }
    if (query.since && !(new Date(entry.time) >= query.since)) continue
    if (query.op && entry.op !== query.op) continue
    if (query.path && !(entry.paths ?? []).some((p) => p === query.path || p.startsWith(`${query.path}/`)))
      continue
    out.push(entry)
  }
  return out
}

/** The human table of entries: time, seq, user, op, store, paths (with versions), result. */
export function formatAuditTable(entries: AuditEntry[]): string {
  const rows = entries.map((e) => [
    e.time,
    String(e.seq),
    e.user,
    e.op,
    e.store ?? '',
    [
      ...(e.paths ?? []).map((p) => (e.versions?.[p] !== undefined ? `${p}:${e.versions[p]}` : p)),
      ...(e.argv0 ? [`argv0=${e.argv0}`] : []),
    ].join(' '),
    e.result === 'ok' ? `ok (${e.exit})` : `${e.error ?? 'error'} (${e.exit})`,
  ])
  return formatTable(['TIME', 'SEQ', 'USER', 'OP', 'STORE', 'PATHS', 'RESULT'], rows)
}

/** `--since`: a duration back from `now` (24h, 7d) or a date (2026-12-01, ISO time). */
export function parseSince(text: string, now: Date): Date {
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const date = new Date(text)
    if (Number.isNaN(date.getTime())) throw new UsageError(`--since ${text} is not a date.`)
    return date
  }
  return new Date(now.getTime() - parseDuration(text, '--since'))
}
