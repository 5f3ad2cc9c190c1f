import type { ScanInput } from './scan-project.js'

/** The `scan` command's flags, as parsed (oclif or the fast path). */
export interface ScanFlags {
  staged?: boolean
  history?: boolean
  since?: string | undefined
  range?: string | undefined
  'fetch-missing'?: boolean
  baseline?: string | undefined
  'no-baseline'?: boolean
  'write-baseline'?: string | undefined
  prune?: boolean
  verify?: boolean
  'only-verified'?: boolean
  'known-values'?: boolean
}

/** Maps `scan [PATH]` and its flags to what scanProject takes: the mode and the baseline files. */
export function scanInputOf(target: string, flags: ScanFlags): ScanInput {
  return {
    target,
    mode: flags.staged ? 'staged' : flags.history ? 'history' : 'tree',
    ...(flags.since ? { since: flags.since } : {}),
    ...(flags.range !== undefined ? { range: flags.range } : {}),
    ...(flags['fetch-missing'] ? { fetchMissing: true } : {}),
    ...(flags.baseline ? { baselineFile: flags.baseline } : {}),
    ...(flags['no-baseline'] ? { noBaseline: true } : {}),
    ...(flags['write-baseline'] ? { writeBaselineFile: flags['write-baseline'] } : {}),
    ...(flags.prune ? { prune: true } : {}),
    ...(flags.verify ? { verify: true } : {}),
    ...(flags['only-verified'] ? { onlyVerified: true } : {}),
    ...(flags['known-values'] ? { knownValues: true } : {}),
  }
}
