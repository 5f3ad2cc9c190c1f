import { UsageError } from '../../shared/errors.js'
import type { HumanOutput } from '../../shared/human-output.js'
import { suggestions } from '../../shared/suggest.js'
import { didYouMeanPaths, suggestStorePaths, type Parameter, type ParameterStore } from '../store/index.js'
import type { EnvEntry } from './child-env.js'
import { assignEnvNames } from './env-name.js'

/**
 * Several `--path` values as layers, chamber's and Doppler's habit: a later path overrides an
 * earlier one for the same variable (`--path /app/shared --path /app/dev`), and `--explain`
 * says so; two parameters of ONE path that map to one name (`db-password`, `db/password`)
 * stay an error. A variable name `sh` would drop (`2FA_SEED`) is prefixed with `_`, with a
 * warning naming both. A `--path` with nothing under it stops the run (did-you-mean on the
 * store's own paths) unless `--allow-empty`.
 */

/** One `--path` as fetched: its prefix and what was under it. */
export interface FetchedLayer {
  prefix: string
  parameters: Parameter[]
}

/** A store variable with the layer that supplied it and the paths it overrode. */
export interface LayeredVariable {
  name: string
  path: string
  value: string
  /** Paths of earlier layers this one replaced, earliest first. */
  overrides: string[]
}

/** A name POSIX shells accept: a letter or `_`, then letters, digits, `_`. */
export function isPosixName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
}

/**
 * Names every parameter of every layer (collisions inside a layer refused), lets later
 * layers win, and prefixes names that are not valid POSIX names. Pure.
 */
export function layerVariables(layers: readonly FetchedLayer[]): {
  variables: LayeredVariable[]
  renamed: Array<{ path: string; from: string; to: string }>
} {
  const byName = new Map<string, LayeredVariable>()
  const renamed: Array<{ path: string; from: string; to: string }> = []
  for (const layer of layers) {
    const named = assignEnvNames(layer.parameters.map((p) => ({ path: p.path, prefix: layer.prefix })))
    named.forEach(({ name: raw, path }, i) => {
      const name = isPosixName(raw) ? raw : `_${raw}`
      if (name !== raw && !renamed.some((r) => r.path === path)) renamed.push({ path, from: raw, to: name })
      const earlier = byName.get(name)
      const overrides = earlier && earlier.path !== path ? [...earlier.overrides, earlier.path] : []
      byName.delete(name)
      byName.set(name, { name, path, value: layer.parameters[i]?.value ?? '', overrides })
    })
  }
  return { variables: [...byName.values()], renamed }
}

/** The store layer of the child's environment from the fetched layers; warns about renamed variables. */
export function storeEntriesOf(layers: readonly FetchedLayer[], store: string, out: HumanOutput): EnvEntry[] {
  const { variables, renamed } = layerVariables(layers)
  for (const r of renamed)
    out.warn(`${r.path}: ${r.from} is not a valid variable name (shells drop it); injected as ${r.to}.`)
  return variables.map((v) => ({
    name: v.name,
    value: v.value,
    source: {
      layer: 'store',
      store,
      path: v.path,
      ...(v.overrides.length ? { overrides: v.overrides } : {}),
    },
  }))
}

/**
 * A `--path` with nothing under it: the parameter it names, if it is one (SSM lists only what
 * is below a path), else the run fails (exit 125) naming the path and the nearest existing
 * paths, unless `allowEmpty` (then it is a warning, as before). Returns the settled layers.
 */
export async function settleEmptyLayers(
  layers: readonly FetchedLayer[],
  store: ParameterStore,
  allowEmpty: boolean,
  out: HumanOutput,
): Promise<FetchedLayer[]> {
  const settled: FetchedLayer[] = []
  for (const { prefix, parameters } of layers) {
    settled.push({ prefix, parameters })
    if (parameters.length > 0) continue
    const leaf = prefix === '/' ? undefined : await store.get(prefix)
    if (leaf) {
      settled[settled.length - 1] = { prefix, parameters: [leaf] }
      continue
    }
    if (allowEmpty) {
      out.warn(
        `--path ${prefix}: no parameters under it in the ${store.kind} store; nothing injected from it.`,
      )
      continue
    }
    const close = await suggestStorePaths(store, prefix)
    throw new UsageError(`--path ${prefix}: no parameters under it in the ${store.kind} store.`, {
      hint: `${didYouMeanPaths(close)}Check the path with \`secrets list ${prefix.split('/').slice(0, -1).join('/') || '/'}\`, or pass --allow-empty to run without it.`,
      code: 'EmptyPath',
    })
  }
  return settled
}

/**
 * `--preserve-env` names that are not in the inherited environment keep nothing: say so,
 * with the closest inherited or injected name (a typo would otherwise pass silently).
 */
export function unknownPreservedNames(
  preserve: readonly string[],
  inherited: NodeJS.ProcessEnv,
  injected: readonly string[],
): string[] {
  const known = [...new Set([...Object.keys(inherited), ...injected])]
  return preserve
    .filter((name) => inherited[name] === undefined)
    .map((name) => {
      const close = suggestions(name, known)
      return `--preserve-env ${name}: not in the environment, so nothing is kept${close.length ? ` (did you mean ${close.join(' or ')}?)` : ''}.`
    })
}
