import { result, type CheckResult } from './check.js'

/**
 * Node's release schedule for the lines this project knows (github.com/nodejs/Release,
 * schedule.json) and what CI runs on each (README, "Supported Node.js versions").
 */
export const NODE_LINES: Record<
  number,
  { maintenance: string; end: string; tested: 'whole suite' | 'smoke subset' }
> = {
  20: { maintenance: '2024-10-22', end: '2026-04-30', tested: 'smoke subset' },
  22: { maintenance: '2025-10-21', end: '2027-04-30', tested: 'whole suite' },
  24: { maintenance: '2026-10-20', end: '2028-04-30', tested: 'whole suite' },
}
const NEWEST_TESTED = 24
const SOON_MS = 90 * 24 * 3600_000

/** The running Node against its support window and the lines CI tests. */
export function checkNode(version: string, now: Date): CheckResult {
  const major = Number(/^v(\d+)/.exec(version)?.[1])
  const line = NODE_LINES[major]
  const upgrade = `Install Node ${NEWEST_TESTED} (LTS, supported until ${NODE_LINES[NEWEST_TESTED]?.end}) and reinstall secrets with it.`
  if (!line) {
    if (major > NEWEST_TESTED)
      return result(
        'node',
        'warn',
        `Node ${version}: a line CI does not test yet (tested: 20, 22, 24)`,
        upgrade,
      )
    return result('node', 'fail', `Node ${version} is older than every line secrets supports`, upgrade)
  }
  const end = Date.parse(`${line.end}T00:00:00Z`)
  const phase =
    now.getTime() >= Date.parse(`${line.maintenance}T00:00:00Z`) ? 'maintenance LTS' : 'active LTS'
  if (now.getTime() >= end)
    return result(
      'node',
      'warn',
      `Node ${version}: end of life since ${line.end} (no security fixes); CI runs only a ${line.tested} on it`,
      upgrade,
    )
  const summary = `Node ${version}: ${phase}, end of life ${line.end}; CI runs the ${line.tested} on it`
  if (end - now.getTime() < SOON_MS) return result('node', 'warn', `${summary} (in under 90 days)`, upgrade)
  return result('node', 'ok', summary)
}
