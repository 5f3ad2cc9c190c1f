/**
 * The literal prefilter: one pass of an Aho-Corasick automaton over the raw bytes finds every
 * rule keyword (ASCII case-insensitive). Files and lines without a keyword never reach a
 * regex, which is where a scanner spends its time.
 */

/** A compiled automaton over a fixed keyword list. */
export interface KeywordIndex {
  keywords: readonly string[]
  /** Calls `onHit(keywordIndex, endOffsetExclusive)` for every occurrence in `bytes`. */
  search(bytes: Uint8Array, onHit: (keyword: number, end: number) => void): void
}

/** Builds a dense DFA over byte classes; keywords must be non-empty ASCII. */
export function buildKeywordIndex(keywords: readonly string[]): KeywordIndex {
  const folded = keywords.map((k) => k.toLowerCase())
  // Byte classes: every byte that appears in some keyword gets its own class (upper-case
  // letters share their lower-case class); all other bytes are class 0.
  const classOf = new Uint8Array(256)
  let classCount = 1
  for (const word of folded) {
    for (let i = 0; i < word.length; i++) {
      const b = word.charCodeAt(i)
      if (b > 127) throw new Error(`keyword ${JSON.stringify(word)} is not ASCII`)
      if (classOf[b] === 0) classOf[b] = classCount++
    }
  }
  for (let b = 65; b <= 90; b++) classOf[b] = classOf[b + 32] as number

  // Trie, with each state's parent and the class that leads to it (for the failure links).
  const goto: Map<number, number>[] = [new Map()]
  const own: number[][] = [[]]
  const parent = [0]
  const via = [0]
  folded.forEach((word, index) => {
    let state = 0
    for (let i = 0; i < word.length; i++) {
      const cls = classOf[word.charCodeAt(i)] as number
      let next = goto[state]?.get(cls)
      if (next === undefined) {
        next = goto.length
        goto.push(new Map())
        own.push([])
        parent.push(state)
        via.push(cls)
        goto[state]?.set(cls, next)
      }
      state = next
    }
    own[state]?.push(index)
  })

  // Failure links and outputs (a state's own keywords, then its failure state's), worked out
  // on first use: a small input visits a few dozen of the ~1,300 states, and building them
  // all costs a cold process ~7 ms. Defined as in Aho-Corasick, so the hits are the same.
  const fail = new Int32Array(goto.length).fill(-1)
  const outputs: (number[] | undefined)[] = [[]]
  const failOf = (state: number): number => {
    const known = fail[state] as number
    if (known !== -1) return known
    let f = 0
    const p = parent[state] as number
    if (p !== 0) {
      const cls = via[state] as number
      f = failOf(p)
      let next = goto[f]?.get(cls)
      while (next === undefined && f !== 0) {
        f = failOf(f)
        next = goto[f]?.get(cls)
      }
      f = next ?? 0
    }
    fail[state] = f
    return f
  }
  const outputsOf = (state: number): number[] => {
    let out = outputs[state]
    if (out === undefined) {
      const mine = own[state] as number[]
      const inherited = outputsOf(failOf(state))
      out = inherited.length === 0 ? mine : [...mine, ...inherited]
      outputs[state] = out
    }
    return out
  }

  // Small inputs (the pre-commit hook's few staged files) walk the trie and its failure links;
  // the dense table, which costs ~20 ms to build, is built once enough bytes have been searched
  // to repay it. Both report the same hits in the same order.
  let dense: ((bytes: Uint8Array, onHit: (keyword: number, end: number) => void) => void) | undefined
  let searched = 0
  const sparse = (bytes: Uint8Array, onHit: (keyword: number, end: number) => void) => {
    let s = 0
    const n = bytes.length
    for (let i = 0; i < n; i++) {
      const cls = classOf[bytes[i] as number] as number
      let next = goto[s]?.get(cls)
      while (next === undefined && s !== 0) {
        s = failOf(s)
        next = goto[s]?.get(cls)
      }
      s = next ?? 0
      const out = outputsOf(s)
      if (out.length > 0) for (const k of out) onHit(k, i + 1)
    }
  }
  return {
    keywords: folded,
    search(bytes, onHit) {
      if (!dense) {
        searched += bytes.length
        if (searched < DENSE_AFTER_BYTES) return sparse(bytes, onHit)
        const all = goto.map((_, state) => outputsOf(state))
        dense = buildDenseSearch(folded, classOf, classCount, goto, failOf, all)
      }
      dense(bytes, onHit)
    },
  }
}

/** Bytes searched with the trie walk before the dense table is built. */
const DENSE_AFTER_BYTES = 256 * 1024

/** The dense DFA over byte classes with the failures folded in, and its search loop. */
function buildDenseSearch(
  folded: readonly string[],
  classOf: Uint8Array,
  classCount: number,
  goto: readonly Map<number, number>[],
  failOf: (state: number) => number,
  outputs: readonly number[][],
): (bytes: Uint8Array, onHit: (keyword: number, end: number) => void) => void {
  const stateCount = goto.length
  const delta = new Int32Array(stateCount * classCount)
  const queue: number[] = []
  for (let cls = 0; cls < classCount; cls++) {
    const next = goto[0]?.get(cls)
    if (next !== undefined) {
      delta[cls] = next * classCount
      queue.push(next)
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as number
    const f = failOf(state)
    for (let cls = 0; cls < classCount; cls++) {
      const next = goto[state]?.get(cls)
      if (next !== undefined) {
        delta[state * classCount + cls] = next * classCount
        queue.push(next)
      } else {
        delta[state * classCount + cls] = delta[f * classCount + cls] as number
      }
    }
  }
  // Accepting targets are stored negated (-(state) - 1), so the hot loop tests the sign of the
  // value it just loaded instead of reading a second table per byte.
  for (let i = 0; i < delta.length; i++) {
    const target = delta[i] as number
    if ((outputs[target / classCount] as number[]).length > 0) delta[i] = -target - 1
  }
  const search = (bytes: Uint8Array, onHit: (keyword: number, end: number) => void) => {
    // States are stored pre-multiplied by the class count: one add per byte.
    let s = 0
    const n = bytes.length
    for (let i = 0; i < n; i++) {
      s = delta[s + (classOf[bytes[i] as number] as number)] as number
      if (s < 0) {
        s = -s - 1
        for (const k of outputs[s / classCount] as number[]) onHit(k, i + 1)
      }
    }
  }
  // One run over the keywords themselves gives the loop type feedback for its hit branch:
  // otherwise the loop is optimized before any hit, bails out on the first one and runs
  // interpreted until recompiled, about 50 ms of every thread's scan. The hits go nowhere.
  search(Buffer.from(folded.join(' '), 'latin1'), () => undefined)
  return search
}
