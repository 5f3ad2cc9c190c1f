import { UsageError } from '../../shared/errors.js'
import { parseParameterPath } from './parameter-path.js'

/**
 * SSM's parameter selectors: `NAME:VERSION` (a positive integer) or `NAME:LABEL`. A path
 * never contains ":" (its levels are [A-Za-z0-9_.-]), so the last ":" splits name and selector.
 */
export type Selector = { kind: 'version'; version: number } | { kind: 'label'; label: string }

/** A parameter name with an optional selector: what a reference or `get PATH:3` names. */
export interface SelectedPath {
  path: string
  selector?: Selector
}

/** SSM's label rules: 1–100 of [a-zA-Z0-9_.-], not starting with a digit, "aws" or "ssm". */
export function labelProblem(label: string): string | undefined {
  if (label.length === 0 || label.length > 100) return 'a label has 1 to 100 characters'
  if (!/^[A-Za-z0-9_.-]+$/.test(label)) return 'a label has only letters, digits, ".", "-" and "_"'
  if (/^[0-9]/.test(label)) return 'a label cannot start with a digit (that would be a version)'
  if (/^(aws|ssm)/i.test(label)) return 'a label cannot start with "aws" or "ssm"'
  return undefined
}

/** SSM keeps at most 10 labels on one version. */
export const MAX_LABELS_PER_VERSION = 10

/** Parses a selector (`3`, `prod`); throws a usage error naming the input. */
export function parseSelector(text: string, input = text): Selector {
  if (/^[0-9]+$/.test(text)) {
    const version = Number(text)
    if (!Number.isSafeInteger(version) || version < 1)
      throw new UsageError(`"${input}": a version is a whole number from 1.`)
    return { kind: 'version', version }
  }
  const problem = labelProblem(text)
  if (problem) throw new UsageError(`"${input}" has an invalid selector "${text}": ${problem}.`)
  return { kind: 'label', label: text }
}

/** Parses `PATH`, `PATH:VERSION` or `PATH:LABEL`. */
export function parseSelectedPath(input: string): SelectedPath {
  const trimmed = input.trim()
  const colon = trimmed.lastIndexOf(':')
  if (colon === -1) return { path: parseParameterPath(trimmed) }
  const path = parseParameterPath(trimmed.slice(0, colon))
  return { path, selector: parseSelector(trimmed.slice(colon + 1), trimmed) }
}

/** The selector as SSM writes it after the name (`3`, `prod`). */
export function selectorText(selector: Selector): string {
  return selector.kind === 'version' ? String(selector.version) : selector.label
}

/** `PATH` or `PATH:SELECTOR`, the form SSM's GetParameter takes. */
export function selectedName(selected: SelectedPath): string {
  return selected.selector ? `${selected.path}:${selectorText(selected.selector)}` : selected.path
}
