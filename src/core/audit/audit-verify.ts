import { GENESIS, lineHash, type AuditEntry } from './audit-log.js'

/** One line of the log as read, with where it is. */
export interface AuditLine {
  file: string
  number: number
  line: string
}

export type ChainProblem = 'changed' | 'inserted' | 'removed'

export type VerifyResult =
  | {
      ok: true
      entries: number
      /** The first kept entry's seq: above 1 when older files were rotated away. */
      firstSeq: number | undefined
    }
  | { ok: false; problem: ChainProblem; seq: number; file: string; number: number; message: string }

/**
 * Recomputes the chain over the lines, oldest first: each entry's `prev` must be the
 * SHA-256 of the line before it and its `seq` one more. Reports the first entry that was
 * changed (its successor no longer commits to it, or it is not an entry), inserted (a seq
 * that does not advance) or removed (a gap in seq). The first kept entry may start above 1
 * (older files rotated away); its `prev` then cannot be checked. An entry removed from the
 * very end, or the last entry rewritten, leaves a shorter valid chain: nothing after it
 * commits to it.
 */
export function verifyChain(lines: AuditLine[]): VerifyResult {
  let previous: { entry: AuditEntry; line: AuditLine } | undefined
  for (const current of lines) {
    const entry = parseEntry(current.line)
    if (!entry) {
      const seq = previous ? previous.entry.seq + 1 : 1
      return fail(
        'changed',
        seq,
        current,
        `entry at ${where(current)} is not a valid audit entry (it was changed)`,
      )
    }
    if (!previous) {
      if (entry.seq === 1 && entry.prev !== GENESIS)
        return fail('changed', 1, current, `the first entry (${where(current)}) does not start the chain`)
      previous = { entry, line: current }
      continue
    }
    const expected = previous.entry.seq + 1
    if (entry.seq > expected) {
      const range = entry.seq - 1 === expected ? `#${expected}` : `#${expected}–#${entry.seq - 1}`
      return fail(
        'removed',
        expected,
        current,
        `entry ${range} removed (before #${entry.seq} at ${where(current)})`,
      )
    }
    if (entry.seq < expected)
      return fail(
        'inserted',
        entry.seq,
        current,
        `entry at ${where(current)} was inserted (seq #${entry.seq} after #${previous.entry.seq})`,
      )
    if (entry.prev !== lineHash(previous.line.line)) {
      return fail(
        'changed',
        previous.entry.seq,
        previous.line,
        `entry #${previous.entry.seq} at ${where(previous.line)} was changed (#${entry.seq} no longer commits to it)`,
      )
    }
    previous = { entry, line: current }
  }
  const first = lines[0] ? parseEntry(lines[0].line) : undefined
  return { ok: true, entries: lines.length, firstSeq: first?.seq }
}

/** The one line `audit --verify` says about a result. */
export function describeVerify(result: VerifyResult, file: string): string {
  if (!result.ok) return `${file}: ${result.message}.`
  const start =
    result.firstSeq && result.firstSeq > 1 ? ` (from #${result.firstSeq}; older entries rotated away)` : ''
  return `${file}: ${result.entries} entries, chain intact${start}.`
}

function parseEntry(line: string): AuditEntry | undefined {
  try {
    const entry = JSON.parse(line) as Partial<AuditEntry>
    if (typeof entry !== 'object' || entry === null) return undefined
    if (
      !Number.isSafeInteger(entry.seq) ||
      typeof entry.prev !== 'string' ||
      !/^[0-9a-f]{64}$/.test(entry.prev)
    )
      return undefined
    if (typeof entry.op !== 'string' || typeof entry.time !== 'string') return undefined
    return entry as AuditEntry
  } catch {
    return undefined
  }
}

function where(line: AuditLine): string {
  return `${line.file}:${line.number}`
}

function fail(problem: ChainProblem, seq: number, line: AuditLine, message: string): VerifyResult {
  return { ok: false, problem, seq, file: line.file, number: line.number, message }
}
