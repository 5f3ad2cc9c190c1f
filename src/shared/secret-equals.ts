import { timingSafeEqual } from 'node:crypto'

/**
 * Compares a presented secret (a bearer token, an OAuth state, a MAC) with the expected one in
 * constant time, so a timing side channel reveals nothing but the length, which is public.
 */
export function secretEquals(given: string | undefined, expected: string): boolean {
  if (given === undefined || given.length !== expected.length) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
