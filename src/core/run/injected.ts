import type { HumanOutput } from '../../shared/human-output.js'
import type { EnvSource } from './child-env.js'
import { maskPlan, type MaskPattern } from './mask.js'

/** A variable `run` injected from a store: what `--mask` hides and `--watch` compares. */
export interface InjectedVariable {
  name: string
  value: string
  /** `store:/path` (a `--path` parameter or an env-file reference). */
  from: string
  /** The parameter's version, when the store said (paths; references resolve values only). */
  version?: number
}

/** The injected variables of a child's environment, in name order. */
export function injectedVariables(
  env: Record<string, string>,
  sources: Map<string, EnvSource>,
  versions: Map<string, number>,
): InjectedVariable[] {
  const out: InjectedVariable[] = []
  for (const [name, source] of sources) {
    const value = env[name]
    if (value === undefined) continue
    if (source.layer === 'store') {
      const version = versions.get(source.path)
      out.push({
        name,
        value,
        from: `${source.store}:${source.path}`,
        ...(version !== undefined ? { version } : {}),
      })
    } else if (source.layer === 'env-file' && source.reference)
      out.push({ name, value, from: source.reference })
  }
  return out.sort((a, b) => a.name.localeCompare(b.name))
}

/** The `--mask` patterns for a prepared run; names too short to mask are said once. */
export function maskPatterns(prepared: { injected: InjectedVariable[] }, out: HumanOutput): MaskPattern[] {
  const plan = maskPlan(prepared.injected)
  if (plan.tooShort.length)
    out.warn(
      `--mask: not masking ${plan.tooShort.join(', ')} (shorter than 6 characters: too many false matches).`,
    )
  return plan.patterns
}
