import type { Rule } from './types.js'

/**
 * A project's own rule from `.secretsrc.json` `scan.rules`, as validated by parseScanConfig:
 * plain data (it crosses to scan workers), turned into a Rule by `customRule`.
 */
export interface CustomRuleSpec {
  /** kebab-case, unique among the built-in and the project's rules. */
  id: string
  /** JavaScript regular expression source (no slashes, no flags). */
  regex: string
  /** Literals, at least one of which must occur for the regex to run (ASCII, case-insensitive). */
  keywords: string[]
  /** Named group holding the secret; default: the group `secret` if any, else the whole match. */
  secretGroup?: string
  /** Minimum Shannon entropy of the secret in bits per character; default 3 (as the built-ins). */
  minEntropy?: number
  /** What the rule finds; shown as the finding's title (default `Custom rule <id>`). */
  description?: string
}

/** Turns a validated spec into a Rule the engine runs like a built-in one. */
export function customRule(spec: CustomRuleSpec): Rule {
  let source = spec.regex
  const group = spec.secretGroup
  if (group !== undefined && group !== 'secret') {
    // The engine reads the secret from the group named `secret`; rename the chosen group
    // (and its back-references) to it.
    source = source.split(`(?<${group}>`).join('(?<secret>').split(`\\k<${group}>`).join('\\k<secret>')
  }
  return {
    id: spec.id,
    title: spec.description ?? `Custom rule ${spec.id}`,
    keywords: spec.keywords.map((k) => k.toLowerCase()),
    pattern: new RegExp(source, 'g'),
    minEntropy: spec.minEntropy ?? 3,
  }
}

/** Named groups of a regex source (an empty alternative makes every group show up, unset). */
export function namedGroups(source: string): string[] {
  return Object.keys(new RegExp(`${source}|`).exec('')?.groups ?? {})
}
