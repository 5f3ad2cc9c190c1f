import { UsageError } from '../../shared/errors.js'
import { didYouMeanPaths, suggestStorePaths } from './nearest-paths.js'
import type { Parameter, ParameterStore, ParameterVersion, StoreKind } from './parameter.js'
import { labelProblem, selectedName, type SelectedPath } from './parameter-selector.js'

/**
 * Reads and deletes that require the parameter to exist. A missing path is a usage error
 * (exit 2, code `ParameterNotFound`), raised here and nowhere else.
 */

/** The one "no such parameter" error; `purpose` ends the sentence (`to rotate`). */
export function parameterNotFound(
  path: string,
  kind: StoreKind,
  options: { hint?: string; purpose?: string } = {},
): UsageError {
  const purpose = options.purpose ? ` ${options.purpose}` : ''
  return new UsageError(`No parameter ${path} in the ${kind} store${purpose}.`, {
    ...(options.hint ? { hint: options.hint } : {}),
    code: 'ParameterNotFound',
  })
}

/**
 * `ParameterNotFound` for a path the user typed: the closest existing paths (did-you-mean)
 * and the `secrets list` that shows what is there, as the next step.
 */
export async function missingParameter(store: ParameterStore, path: string): Promise<UsageError> {
  const close = await suggestStorePaths(store, path)
  const parent = path.slice(0, path.lastIndexOf('/')) || '/'
  const list = `\`secrets list ${parent}${store.kind === 'ssm' ? ' --store ssm' : ''}\``
  return parameterNotFound(path, store.kind, {
    hint: `${didYouMeanPaths(close)}${close.length ? `(${list} shows what is there.)` : `See ${list}.`}`,
  })
}

/** Returns the parameter at `path`, or fails with `ParameterNotFound` (did-you-mean, `secrets list`). */
export async function getExistingParameter(store: ParameterStore, path: string): Promise<Parameter> {
  const parameter = await store.get(path)
  if (!parameter) throw await missingParameter(store, path)
  return parameter
}

/** Returns every kept version of `path`, oldest first, or fails with `ParameterNotFound`. */
export async function getExistingHistory(store: ParameterStore, path: string): Promise<ParameterVersion[]> {
  const versions = await store.history(path)
  if (versions.length === 0) throw await missingParameter(store, path)
  return versions
}

/** Deletes `path` and its history, or fails with `ParameterNotFound` when there was none. */
export async function deleteExistingParameter(store: ParameterStore, path: string): Promise<void> {
  if (!(await store.delete(path))) throw await missingParameter(store, path)
}

/**
 * The error for a selector that matches nothing: names the parameter, the selector, the
 * versions and labels that exist, and that SSM (and the local store) keep only 100 versions.
 */
export function selectionNotFound(
  selected: SelectedPath,
  kind: StoreKind,
  versions: ParameterVersion[],
  options: { context?: string } = {},
): UsageError {
  const at = options.context ? `${options.context}: ` : ''
  if (!selected.selector || versions.length === 0)
    return parameterNotFound(selected.path, kind, { hint: 'See `secrets list`.' })
  const numbers = versions.map((v) => v.version)
  const labels = versions.flatMap((v) => (v.labels ?? []).map((l) => `${l}→${v.version}`))
  const kept = `versions ${versionRanges(numbers)}${labels.length ? `; labels ${labels.join(', ')}` : '; no labels'}`
  const selector = selected.selector
  const gone =
    selector.kind === 'version' && selector.version < Math.min(...numbers)
      ? ` The store keeps the last ${MAX_KEPT_VERSIONS} versions: version ${selector.version} is no longer kept.`
      : ''
  const what = selector.kind === 'version' ? `version ${selector.version}` : `label "${selector.label}"`
  return new UsageError(
    `${at}${selected.path} in the ${kind} store has no ${what} (selector ${selectedName(selected)}; it has ${kept}).${gone}`,
    {
      hint: `See \`secrets history ${selected.path}${kind === 'ssm' ? ' --store ssm' : ''}\`.`,
      code: selector.kind === 'version' ? 'ParameterVersionNotFound' : 'ParameterLabelNotFound',
    },
  )
}

/** SSM's limit on kept versions, which the local store mirrors. */
const MAX_KEPT_VERSIONS = 100

/** `1–4, 6, 9–10`: sorted version numbers as ranges. */
function versionRanges(numbers: number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b)
  const out: string[] = []
  for (let i = 0; i < sorted.length;) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++
    out.push(i === j ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`)
    i = j + 1
  }
  return out.join(', ')
}

/** Reads `PATH[:SELECTOR]`, or fails naming what exists. */
export async function getExistingSelected(store: ParameterStore, selected: SelectedPath): Promise<Parameter> {
  if (!selected.selector) return getExistingParameter(store, selected.path)
  const [found] = await store.getSelected([selected])
  if (found) return found
  throw selectionNotFound(selected, store.kind, await store.history(selected.path))
}

/**
 * `secrets label`: labels are checked by SSM's rules first (a usage error naming each bad
 * one), then attached; a missing parameter or version fails naming the versions that exist.
 */
export async function labelVersion(
  store: ParameterStore,
  path: string,
  version: number,
  labels: string[],
): Promise<{ version: number }> {
  const bad = labels.flatMap((l) => {
    const problem = labelProblem(l)
    return problem ? [`"${l}" (${problem})`] : []
  })
  if (bad.length) throw new UsageError(`Invalid label${bad.length > 1 ? 's' : ''}: ${bad.join('; ')}.`)
  const result = await store.label(path, version, labels)
  if (!result.found) {
    throw selectionNotFound(
      { path, selector: { kind: 'version', version } },
      store.kind,
      await store.history(path),
    )
  }
  if (result.invalidLabels.length)
    throw new UsageError(`The ${store.kind} store refused the label(s) ${result.invalidLabels.join(', ')}.`)
  return { version: result.version }
}
