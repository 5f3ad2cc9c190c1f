import { maskValue } from '../../shared/redact.js'
import type { Parameter } from './parameter.js'

/** What commands may show of a parameter: never its value, only a masked form. */
export interface ParameterView {
  path: string
  version: number
  lastModified: string
  type: string
  value: string
  /** The version's labels, when it has any. */
  labels?: string[]
}

/** Returns the printable view of a parameter with its value masked. */
export function toParameterView(p: Parameter): ParameterView {
  return {
    path: p.path,
    version: p.version,
    lastModified: p.lastModified.toISOString(),
    type: p.type,
    value: maskValue(p.value),
    ...(p.labels?.length ? { labels: p.labels } : {}),
  }
}
