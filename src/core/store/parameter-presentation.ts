import { formatDuration } from '../../shared/duration.js'
import { formatColumns, formatTable } from '../../shared/table.js'
import type { Parameter } from './parameter.js'
import { toParameterView } from './parameter-view.js'

/**
 * What the store commands print, decided without touching a stream: the exact stdout bytes
 * (the result) and an optional note for the human (stderr). Secret values appear only in
 * `get`'s plain output to a pipe or file, or on a terminal with --reveal; never in JSON.
 */
export interface Presentation {
  /** The result, exactly as written to stdout ('' prints nothing). */
  stdout: string
  /** A line for the human on stderr, when there is one. */
  note?: string
}

/** How `get` was asked to show a parameter. */
export interface ShowOptions {
  stdoutIsTerminal: boolean
  reveal: boolean
  json: boolean
}

/** Decides what `get` prints: JSON metadata (masked), the masked form on a terminal, or the value. */
export function presentParameter(parameter: Parameter, options: ShowOptions): Presentation {
  if (options.json) return { stdout: jsonLine(toParameterView(parameter)) }
  if (options.stdoutIsTerminal && !options.reveal) {
    const view = toParameterView(parameter)
    return {
      stdout: `${view.value}\n`,
      note: `(version ${view.version}; masked on a terminal: pipe it, or add --reveal)`,
    }
  }
  return { stdout: `${parameter.value}\n` }
}

/**
 * Decides what `list` prints: parameters sorted by path, as a table (a header only for a
 * terminal: a pipe gets the rows) or JSON. Values are masked; `reveal` shows String
 * parameters (not secrets by type) in full, SecureStrings stay masked.
 */
export function presentParameterList(
  parameters: Parameter[],
  options: { prefix: string; kind: string; json: boolean; stdoutIsTerminal?: boolean; reveal?: boolean },
): Presentation {
  const sorted = [...parameters].sort((a, b) => a.path.localeCompare(b.path))
  const views = sorted.map(toParameterView)
  if (options.json) return { stdout: jsonLine(views) }
  if (views.length === 0)
    return { stdout: '', note: `No parameters under ${options.prefix} in the ${options.kind} store.` }
  const rows = views.map((v, i) => [
    v.path,
    String(v.version),
    v.lastModified,
    options.reveal && sorted[i]?.type === 'String' ? (sorted[i]?.value ?? '') : v.value,
  ])
  const header = ['PATH', 'VERSION', 'MODIFIED', 'VALUE']
  const table = options.stdoutIsTerminal === false ? formatColumns(rows) : formatTable(header, rows)
  return { stdout: `${table}\n` }
}

/** "3m ago" for a past instant (the age `history` shows beside the timestamp). */
export function formatAge(when: Date, now: Date): string {
  const ms = now.getTime() - when.getTime()
  return ms < 1000 ? 'just now' : `${formatDuration(ms)} ago`
}

/**
 * Decides what `history` prints: every version, masked, oldest first, with its age and who
 * wrote it (SSM's LastModifiedUser; `-` where the store does not record it), as a table or JSON.
 */
export function presentHistory(
  versions: Parameter[],
  options: { json: boolean; now?: Date; stdoutIsTerminal?: boolean },
): Presentation {
  const views = versions.map((v) => ({ ...toParameterView(v), modifiedBy: v.modifiedBy ?? null }))
  if (options.json) return { stdout: jsonLine(views) }
  const now = options.now ?? new Date()
  const rows = views.map((v, i) => [
    String(v.version),
    v.lastModified,
    formatAge(versions[i]?.lastModified ?? now, now),
    v.modifiedBy ?? '-',
    v.type,
    (v.labels ?? []).join(','),
    v.value,
  ])
  const header = ['VERSION', 'MODIFIED', 'AGE', 'BY', 'TYPE', 'LABELS', 'VALUE']
  const table = options.stdoutIsTerminal === false ? formatColumns(rows) : formatTable(header, rows)
  return { stdout: `${table}\n` }
}

function jsonLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`
}
