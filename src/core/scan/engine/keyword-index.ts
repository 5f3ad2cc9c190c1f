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

  // Trie.
  const goto: Map<number, number>[] = [new Map()]
  const outputs: number[][] = [[]]
  folded.forEach((word, index) => {
    let state = 0
    for (let i = 0; i < word.length; i++) {
      const cls = classOf[word.charCodeAt(i)] as number
      let next = goto[state]?.get(cls)
      if (next === undefined) {
        next = goto.length
        goto.push(new Map())
        outputs.push([])
        goto[state]?.set(cls, next)
      }
      state = next
    }
    outputs[state]?.push(index)
  })

  // Failure links (BFS over the trie's own edges: cheap, a few thousand states at most).
  const stateCount = goto.length
  const fail = new Int32Array(stateCount)
  const order: number[] = [...(goto[0]?.values() ?? [])]
  for (let head = 0; head < order.length; head++) {
    const state = order[head] as number
    for (const [cls, next] of goto[state] ?? []) {
      let f = fail[state] as number
      while (f !== 0 && !goto[f]?.has(cls)) f = fail[f] as number
      const viaFail = goto[f]?.get(cls)
      fail[next] = viaFail !== undefined && viaFail !== next ? viaFail : 0
      order.push(next)
    }
  }
  // Outputs in BFS order, so a state's failure target is complete before it is copied.
  for (const state of order) outputs[state]?.push(...(outputs[fail[state] as number] ?? []))

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
        s = fail[s] as number
        next = goto[s]?.get(cls)
      }
      s = next ?? 0
      const out = outputs[s] as number[]
      if (out.length > 0) for (const k of out) onHit(k, i + 1)
    }
  }
  return {
    keywords: folded,
    search(bytes, onHit) {
      if (!dense) {
        searched += bytes.length
        if (searched < DENSE_AFTER_BYTES) return sparse(bytes, onHit)
        dense = buildDenseSearch(folded, classOf, classCount, goto, fail, outputs)
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
  fail: Int32Array,
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
    const f = fail[state] as number
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
