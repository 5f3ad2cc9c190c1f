import { shannonEntropy } from './entropy.js'

/**
 * Tells a generated string from words and identifiers by more than its entropy: how close
 * its entropy comes to what a random string of its alphabet and length would have, how often
 * the character class changes (random base62 changes class on most characters, `camelCase`
 * identifiers a few times), and how much of it is pronounceable word runs.
 */
export interface Randomness {
  /** Shannon entropy over the most a string of this length and alphabet can reach (0..1). */
  entropyRatio: number
  /** Share of adjacent character pairs whose class (lower, upper, digit, other) differs. */
  transitions: number
  /** Share of characters inside word-like letter runs (4+ letters, vowels at a word's rate). */
  wordiness: number
}

function classOf(code: number): number {
  if (code >= 97 && code <= 122) return 0
  if (code >= 65 && code <= 90) return 1
  if (code >= 48 && code <= 57) return 2
  return 3
}

/** Size of the smallest usual token alphabet the value fits: digits, hex, base36, base62, base64+. */
function alphabetSize(value: string): number {
  if (/^[0-9]+$/.test(value)) return 10
  if (/^[0-9a-f]+$/.test(value) || /^[0-9A-F]+$/.test(value)) return 16
  if (/^[0-9a-z]+$/.test(value) || /^[0-9A-Z]+$/.test(value)) return 36
  if (/^[0-9A-Za-z]+$/.test(value)) return 62
  return 70
}

const VOWELS = /[aeiouy]/g

/** Letters in runs that read like words: `Token`, `secret`, `Production` (not `qzkx`, `Xq`). */
function wordLetters(value: string): number {
  let total = 0
  // A run is lower-case letters, optionally led by one capital (camelCase splits here).
  for (const run of value.match(/[A-Z]?[a-z]{3,}|[A-Z]{4,}/g) ?? []) {
    const lower = run.toLowerCase()
    const vowels = (lower.match(VOWELS) ?? []).length / lower.length
    // English words have vowels on 30–60 % of letters; random letters about 23 %.
    if (vowels >= 0.3 && vowels <= 0.6 && !/[^aeiouy]{4}/.test(lower)) total += run.length
  }
  return total
}

export function randomness(value: string): Randomness {
  const n = value.length
  if (n < 2) return { entropyRatio: 0, transitions: 0, wordiness: 1 }
  const max = Math.log2(Math.min(n, alphabetSize(value)))
  let changes = 0
  for (let i = 1; i < n; i++) if (classOf(value.charCodeAt(i)) !== classOf(value.charCodeAt(i - 1))) changes++
  return {
    entropyRatio: max > 0 ? shannonEntropy(value) / max : 0,
    transitions: changes / (n - 1),
    wordiness: wordLetters(value) / n,
  }
}

/**
 * True for a value that reads as generated: near the entropy of its alphabet, changing
 * character class often, few word runs. Short values need all three clearly.
 */
export function looksGenerated(value: string): boolean {
  const r = randomness(value)
  const short = value.length < 16
  return (
    r.entropyRatio >= (short ? 0.9 : 0.82) &&
    r.transitions >= (short ? 0.35 : 0.25) &&
    r.wordiness <= (short ? 0.2 : 0.35)
  )
}
