import { BUILTIN_RULES, compileRuleSet, scanBytes } from '../../src/core/scan/engine/index.js'

/**
 * Shared by the scan rule tests: token alphabets, a deterministic pseudo-random walk (so
 * expectations hold on every run and the self-scan sees no literal token in the tests), and
 * the rule ids the built-in rules report for a text.
 */
export const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
export const HEX = '0123456789abcdef'
export const B36 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** A generator of `length` characters of `alphabet`, from a linear congruential walk. */
export function seededRandom(start: number): (length: number, alphabet?: string) => string {
  let seed = start
  return (length, alphabet = B62) => {
    let out = ''
    for (let i = 0; i < length; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648
      out += alphabet[(seed >>> 16) % alphabet.length]
    }
    return out
  }
}

const ruleSet = compileRuleSet(BUILTIN_RULES)

/** Rule ids of the findings the built-in rules report in `text`. */
export function ruleIds(text: string, path = 'notes.txt'): string[] {
  return scanBytes(Buffer.from(text), path, ruleSet).map((f) => f.ruleId)
}
