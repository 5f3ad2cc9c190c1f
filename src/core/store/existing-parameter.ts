import { UsageError } from '../../shared/errors.js'
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

/** Returns the parameter at `path`, or fails with `ParameterNotFound` pointing at `secrets list`. */
export async function getExistingParameter(store: ParameterStore, path: string): Promise<Parameter> {
  const parameter = await store.get(path)
  if (!parameter) throw parameterNotFound(path, store.kind, { hint: 'See `secrets list`.' })
  return parameter
}

/** Returns every kept version of `path`, oldest first, or fails with `ParameterNotFound`. */
export async function getExistingHistory(store: ParameterStore, path: string): Promise<ParameterVersion[]> {
  const versions = await store.history(path)
  if (versions.length === 0) throw parameterNotFound(path, store.kind)
  return versions
}

/** Deletes `path` and its history, or fails with `ParameterNotFound` when there was none. */
export async function deleteExistingParameter(store: ParameterStore, path: string): Promise<void> {
  if (!(await store.delete(path))) throw parameterNotFound(path, store.kind)
}
