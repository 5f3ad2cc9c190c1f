import type { Finding } from '../../../src/core/scan/engine/index.js'

/** A finding for unit tests: line 1 of a.txt unless `over` says otherwise. */
export function aFinding(over: Partial<Finding> = {}): Finding {
  const line = over.line ?? 1
  return {
    ruleId: 'generic-secret',
    title: over.ruleId ?? 'generic-secret',
    path: 'a.txt',
    line,
    column: 1,
    endColumn: 2,
    secret: `value-${line}`,
    redacted: '****',
    fingerprint: `fp-${line}`,
    ...over,
  }
}
