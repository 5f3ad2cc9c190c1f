import { expect } from 'vitest'
import type { Result } from 'execa'

/** The bound the fault tests set (SECRETS_AWS_TIMEOUT), short so the suite stays quick. */
export const TEST_BOUND_S = 3
/**
 * Wall-clock allowance on top of a bound for process start-up, SDK import, keychain and the
 * child: under 1 s on an idle machine, far more on a shared 2-core machine under load. It only
 * proves that the command ends; how long it waited on the network is measured at the proxy
 * (`FaultProxy.busyMs`), where start-up does not count, against `NETWORK_SLACK_MS`.
 */
export const OVERHEAD_MS = 20_000
/** Timer and scheduling slack on top of the bound, for the proxy-side measurement. */
export const NETWORK_SLACK_MS = 2_000

/** Runs `fn` and returns its result with the wall time it took. */
export async function timed<T>(fn: () => Promise<T>): Promise<T & { ms: number }> {
  const started = Date.now()
  const result = await fn()
  return Object.assign(result as object, { ms: Date.now() - started }) as T & { ms: number }
}

/** The checks every fault shares: ended within its bound, no secret in the output, a next step. */
export function expectFailedWell(
  result: Result & { ms: number },
  expected: {
    exitCode: number
    boundMs: number
    secrets: string[]
    message: RegExp
    /** How long the proxy was kept busy (`FaultProxy.busyMs()`), when a proxy was in the way. */
    busyMs?: number
  },
): void {
  const output = `${String(result.stdout)}\n${String(result.stderr)}`
  expect(result.timedOut, 'the command was killed by the test timeout').toBe(false)
  expect(result.exitCode, output).toBe(expected.exitCode)
  expect(result.ms, `ended after ${result.ms} ms`).toBeLessThan(expected.boundMs + OVERHEAD_MS)
  if (expected.busyMs !== undefined) {
    expect(expected.busyMs, 'time spent on the network').toBeLessThan(expected.boundMs + NETWORK_SLACK_MS)
  }
  expect(result.stderr).toMatch(expected.message)
  // The next step: the error report prints the hint as `next: ...` on its own line.
  expect(result.stderr, output).toMatch(/^\s*next: \S/m)
  for (const secret of expected.secrets) expect(output).not.toContain(secret)
}
