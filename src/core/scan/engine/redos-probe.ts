/**
 * The ReDoS bound every rule must meet, built-in (test/unit/scan/rule-redos.test.ts) or a
 * project's own (checked before a scan by src/core/scan/custom-rule-check.ts): scanning each
 * of these adversarial inputs with the rule alone takes less than REDOS_BOUND_MS. A
 * catastrophic pattern takes seconds to minutes on them.
 */
export const REDOS_BOUND_MS = 400

/**
 * Adversarial inputs for backtracking: the rule's first keyword followed by long runs of the
 * characters patterns accept, near-misses repeated, and very long lines.
 */
export function adversarialInputs(keywords: readonly string[]): string[] {
  const k = keywords[0] ?? ''
  const runs = ['a', 'A', '0', 'aA0', '-_', '=', ' ', '\\n', '/+', ':', '.', '"', 'x1']
  return [
    ...runs.map((run) => `${k}${run.repeat(20_000)}`),
    `${k}=`.repeat(5_000),
    `${k} = "`.repeat(3_000),
    `password${'a'.repeat(80)} = ${'b'.repeat(30_000)}`,
    `${k}${'a-'.repeat(10_000)}!`,
    `${k}\n${' a:b\n'.repeat(5_000)}`,
    `data:\n${'  key: value\n'.repeat(3_000)}kind: Secret`,
    `postgres://${'u'.repeat(5_000)}:${'p'.repeat(5_000)}`,
    `-----BEGIN RSA PRIVATE KEY-----${'A'.repeat(40_000)}`,
  ]
}
