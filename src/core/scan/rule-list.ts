import { stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { findProjectConfig } from '../config/index.js'
import { BUILTIN_RULES, parseScanConfig } from './engine/index.js'

/** One rule as `secrets scan --list-rules` shows it. */
export interface RuleListing {
  id: string
  description: string
  /** `built-in`, or the config file that defines the rule. */
  source: string
  /** Switched off by `scan.allowRules`. */
  disabled: boolean
}

/** The rules a scan of `target` would run: the built-ins, then the project's own, each with where it comes from. */
export async function listRules(target: string): Promise<RuleListing[]> {
  const abs = resolve(target)
  const info = await stat(abs).catch(() => undefined)
  const project = await findProjectConfig(info?.isFile() ? dirname(abs) : abs)
  const file = project?.file ?? '.secretsrc.json'
  const config = parseScanConfig(project?.scan, file, new Set(BUILTIN_RULES.map((r) => r.id)))
  const off = new Set(config.allowRules)
  return [
    ...BUILTIN_RULES.map((r) => ({
      id: r.id,
      description: r.title,
      source: 'built-in',
      disabled: off.has(r.id),
    })),
    ...config.rules.map((r) => ({
      id: r.id,
      description: r.description ?? `Custom rule ${r.id}`,
      source: file,
      disabled: off.has(r.id),
    })),
  ]
}
