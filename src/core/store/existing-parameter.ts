import { UsageError } from '../../shared/errors.js'
import { didYouMeanPaths, suggestStorePaths } from './nearest-paths.js'
import type { Parameter, ParameterStore, ParameterVersion, StoreKind } from './parameter.js'

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
