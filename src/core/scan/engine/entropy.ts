/** Shannon entropy of a string, in bits per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0
  const counts = new Map<number, number>()
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    counts.set(c, (counts.get(c) ?? 0) + 1)
  }
  let bits = 0
  for (const n of counts.values()) {
    const p = n / text.length
    bits -= p * Math.log2(p)
  }
  return bits
}

/** Number of character classes present: lower, upper, digit, other. */
export function charClassCount(text: string): number {
  let lower = 0
  let upper = 0
  let digit = 0
  let other = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 97 && c <= 122) lower = 1
    else if (c >= 65 && c <= 90) upper = 1
    else if (c >= 48 && c <= 57) digit = 1
    else other = 1
  }
  return lower + upper + digit + other
}
