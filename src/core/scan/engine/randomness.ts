import { shannonEntropy } from './entropy.js'
import { WORDS } from './words.js'

/**
 * Tells a generated string from words and identifiers by more than its entropy: how close
 * its entropy comes to what a random string of its alphabet and length would have, how often
 * the character class changes (random base62 changes class on most characters, `camelCase`
 * identifiers a few times), and how much of it is pronounceable word runs.
 */
export interface Randomness {
  /** Shannon entropy over the mean of random strings of this length and alphabet (0..1). */
  entropyRatio: number
  /** Share of adjacent character pairs whose class (lower, upper, digit, other) differs. */
  transitions: number
  /** Share of characters inside word-like letter runs (4+ letters, vowels at a word's rate). */
  wordiness: number
  /** Size of the smallest usual token alphabet the value fits (10, 16, 36, 62 or 70). */
  alphabet: number
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

/**
 * Letters in runs that read like words: `Token`, `secret`, `Production` (not `qzkx`, `Xq`).
 * Where the vowel test says nothing, only the vocabulary counts: in hex (its six letters hold
 * two vowels, so a random run passes the vowel test as often as not) and in upper-case runs
 * (random capitals of an upper-case base36 key pass it about a quarter of the time, while
 * upper-case words, `PRODUCTION`, `SECRET`, are in the vocabulary).
 */
function wordLetters(value: string): number {
  let total = 0
  const hex = /^[0-9a-f]+$/i.test(value)
  // A run is lower-case letters, optionally led by one capital (camelCase splits here).
  for (const run of value.match(/[A-Z]?[a-z]{3,}|[A-Z]{4,}/g) ?? []) {
    const lower = run.toLowerCase()
    if (hex || /^[A-Z]+$/.test(run)) {
      if (inVocabulary(lower)) total += run.length
      continue
    }
    const vowels = (lower.match(VOWELS) ?? []).length / lower.length
    // English words have vowels on 30–60 % of letters; random letters about 23 %. Words with
    // fewer (`Cluster`, `Backups`, `Strength`) are in the vocabulary.
    if ((vowels >= 0.3 && vowels <= 0.6 && !/[^aeiouy]{4}/.test(lower)) || inVocabulary(lower))
      total += run.length
  }
  return total
}

const expectedEntropies = new Map<number, number>()

/**
 * The mean Shannon entropy, in bits per character, of `n` characters drawn uniformly from `k`
 * symbols: below log2(k) for short strings, because a sample of 20 hex digits repeats some and
 * misses others (20 random hex digits average ~3.4 bits, not 4). Each symbol's count is
 * Binomial(n, 1/k), and H = Σ over symbols of (c/n)·log2(n/c). Past 256 characters the
 * Miller-Madow approximation log2(k) − (k−1)/(2n·ln 2) is within 0.01 bit.
 */
export function expectedEntropy(n: number, k: number): number {
  if (n < 2 || k < 2) return 0
  if (n > 256) return Math.log2(k) - (k - 1) / (2 * n * Math.LN2)
  const key = n * 1024 + k
  let mean = expectedEntropies.get(key)
  if (mean === undefined) {
    const p = 1 / k
    let probability = (1 - p) ** n // P(count = 0)
    let sum = 0
    for (let c = 1; c <= n; c++) {
      probability *= ((n - c + 1) / c) * (p / (1 - p))
      sum += probability * (c / n) * Math.log2(n / c)
    }
    mean = k * sum
    expectedEntropies.set(key, mean)
  }
  return mean
}

export function randomness(value: string): Randomness {
  const n = value.length
  const alphabet = alphabetSize(value)
  if (n < 2) return { entropyRatio: 0, transitions: 0, wordiness: 1, alphabet }
  const expected = expectedEntropy(n, alphabet)
  let changes = 0
  for (let i = 1; i < n; i++) if (classOf(value.charCodeAt(i)) !== classOf(value.charCodeAt(i - 1))) changes++
  return {
    entropyRatio: expected > 0 ? Math.min(1, shannonEntropy(value) / expected) : 0,
    transitions: changes / (n - 1),
    wordiness: wordLetters(value) / n,
    alphabet,
  }
}

/**
 * True for a value that reads as generated: near the entropy of its alphabet, changing
 * character class often, few word runs. Short values need all three clearly.
 */
export function looksGenerated(value: string): boolean {
  const r = randomness(value)
  const short = value.length < 16
  // Class changes are judged against the alphabet's own rate, never more strictly than 0.25
  // (0.35 short): random hex changes class on 47 % of pairs and upper-case base36 on 40 %, so
  // a fixed 0.25 missed one short random key of either in twenty or so. Digits alone cannot
  // change class; they are judged as numeric keys instead.
  const floor = short ? 0.35 : 0.25
  const rate = CLASS_CHANGE_RATE.get(r.alphabet)
  const transitions = rate === undefined ? floor : Math.min(floor, (short ? 0.7 : 0.5) * rate)
  return (
    r.entropyRatio >= (short ? 0.9 : 0.82) &&
    r.transitions >= transitions &&
    r.wordiness <= (short ? 0.2 : 0.35)
  )
}

/**
 * The share of adjacent pairs whose class (lower, upper, digit, other) differs in a random
 * string of each alphabet alphabetSize names, 1 − Σ p(class)² from the classes' sizes (digits
 * alone, one class, are not here).
 */
const CLASS_CHANGE_RATE = new Map(
  (
    [
      [16, [10, 6]],
      [36, [10, 26]],
      [62, [26, 26, 10]],
      [70, [26, 26, 10, 8]],
    ] as const
  ).map(([size, classes]) => [size as number, 1 - classes.reduce((sum, n) => sum + (n / size) ** 2, 0)]),
)

/**
 * A value's pieces: split at separators, then at case and digit boundaries the way
 * identifiers are written (`HMACSha256SigningKey` → `HMAC`, `Sha`, `256`, `Signing`, `Key`).
 */
export function pieces(value: string): string[] {
  return value.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? []
}

/** True when `word` (lower case) is a vocabulary word, inflected or not (`projects`, `encoded`). */
function isWord(word: string): boolean {
  if (WORDS.has(word)) return true
  for (const suffix of ['s', 'es', 'ed', 'd', 'ing', 'er', 'ers', 'ly']) {
    const stem = word.slice(0, -suffix.length)
    if (word.endsWith(suffix) && stem.length >= 3 && WORDS.has(stem)) return true
  }
  return false
}

/** True when `text` (lower case) is a vocabulary word or a run of them. */
function inVocabulary(text: string): boolean {
  return isWord(text) || isWordRun(text)
}

/** True when `run` (lower case) is a run of vocabulary words of 3+ letters (`keychain`, `hmacsha`). */
function isWordRun(run: string): boolean {
  const ok: boolean[] = [true]
  for (let end = 1; end <= run.length; end++) {
    ok[end] = false
    for (let start = Math.max(0, end - 14); start <= end - 3 && !ok[end]; start++)
      if (ok[start] && isWord(run.slice(start, end))) ok[end] = true
  }
  return ok[run.length] === true
}

/**
 * True when the value reads as words a person put together, like a tokenizer's vocabulary
 * covering it in a few tokens: every letter piece is a word or a run of words (one unknown
 * piece, a product or company name, is allowed beside three words), at least two pieces are
 * words of 3+ letters, and numbers are few (a year, a version). A generated token splits
 * into many short pieces that are not words (`Xk`, `9`, `q`, `Lm`), so it never qualifies.
 */
export function readsAsWords(value: string): boolean {
  const parts = pieces(value)
  let words = 0
  let unknown = 0
  let numbers = 0
  let letters = 0
  for (const part of parts) {
    if (/^\d/.test(part)) {
      numbers++
      continue
    }
    const lower = part.toLowerCase()
    letters += part.length
    if (lower.length >= 3 && inVocabulary(lower)) words++
    else if (lower.length < 3 && WORDS.has(lower)) continue
    else unknown++
  }
  const covered = parts.join('').length
  return (
    words >= 2 &&
    unknown <= (words >= 3 ? 1 : 0) &&
    numbers <= Math.max(1, words - 1) &&
    letters >= covered / 2 &&
    // Separators between pieces are at most a third of the value (not `a.b.c.d.e`).
    covered >= (value.length * 2) / 3
  )
}
