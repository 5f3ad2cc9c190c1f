import { expect } from 'vitest'
import type { Result } from 'execa'

/** The bound the fault tests set (SECRETS_AWS_TIMEOUT), short so the suite stays quick. */
export const TEST_BOUND_S = 3
/**
 * Process start-up, SDK import, keychain and the child on top of a bound: about 1 s on an idle
 * machine, up to several on the shared 2-core CI machine under load. The strict check of the
 * 15 s promise compares against a baseline run instead (run-faults.test.ts).
 */
export const OVERHEAD_MS = 8_000

/** Runs `fn` and returns its result with the wall time it took. */
export async function timed<T>(fn: () => Promise<T>): Promise<T & { ms: number }> {
  const started = Date.now()
  const result = await fn()
  return Object.assign(result as object, { ms: Date.now() - started }) as T & { ms: number }
}

/** The checks every fault shares: ended within its bound, no secret in the output, a next step. */
export function expectFailedWell(
  result: Result & { ms: number },
  expected: { exitCode: number; boundMs: number; secrets: string[]; message: RegExp },
): void {
  const output = `${String(result.stdout)}\n${String(result.stderr)}`
  expect(result.timedOut, 'the command was killed by the test timeout').toBe(false)
  expect(result.exitCode, output).toBe(expected.exitCode)
  expect(result.ms, `ended after ${result.ms} ms`).toBeLessThan(expected.boundMs + OVERHEAD_MS)
  expect(result.stderr).toMatch(expected.message)
  // The next step: the error report prints the hint as `next: ...` on its own line.
  expect(result.stderr, output).toMatch(/^\s*next: \S/m)
  for (const secret of expected.secrets) expect(output).not.toContain(secret)
}
