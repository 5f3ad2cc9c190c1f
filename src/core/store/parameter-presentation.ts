import { formatTable } from '../../shared/table.js'
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

/** Decides what `list` prints: masked parameters sorted by path, as a table or JSON. */
export function presentParameterList(
  parameters: Parameter[],
  options: { prefix: string; kind: string; json: boolean },
): Presentation {
  const views = parameters.map(toParameterView).sort((a, b) => a.path.localeCompare(b.path))
  if (options.json) return { stdout: jsonLine(views) }
  if (views.length === 0)
    return { stdout: '', note: `No parameters under ${options.prefix} in the ${options.kind} store.` }
  const rows = views.map((v) => [v.path, String(v.version), v.lastModified, v.value])
  return { stdout: `${formatTable(['PATH', 'VERSION', 'MODIFIED', 'VALUE'], rows)}\n` }
}

/** Decides what `history` prints: every version, masked, oldest first, as a table or JSON. */
export function presentHistory(versions: Parameter[], options: { json: boolean }): Presentation {
  const views = versions.map(toParameterView)
  if (options.json) return { stdout: jsonLine(views) }
  const rows = views.map((v) => [
    String(v.version),
    v.lastModified,
    v.type,
    (v.labels ?? []).join(','),
    v.value,
  ])
  return { stdout: `${formatTable(['VERSION', 'MODIFIED', 'TYPE', 'LABELS', 'VALUE'], rows)}\n` }
}

function jsonLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`
}
