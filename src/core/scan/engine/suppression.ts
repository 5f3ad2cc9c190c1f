import { picomatch } from '../../../shared/lazy-modules.js'
import type { ScanConfig } from './scan-config.js'
import type { Finding } from './types.js'

/** Builds the predicate that drops findings allowed by path globs and secret patterns. */
export function allowlistFilter(
  config: ScanConfig,
): (finding: Finding, configRelativePath: string) => boolean {
  const pathMatch = config.allowPaths.length > 0 ? picomatch()(config.allowPaths, { dot: true }) : () => false
  return (finding, configRelativePath) =>
    !pathMatch(configRelativePath) && !config.allowPatterns.some((re) => re.test(finding.secret))
}
