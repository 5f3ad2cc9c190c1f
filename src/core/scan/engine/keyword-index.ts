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

  // Failure links (BFS), then the dense transition table with the failures folded in.
  const stateCount = goto.length
  const fail = new Int32Array(stateCount)
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
    outputs[state]?.push(...(outputs[f] ?? []))
    for (let cls = 0; cls < classCount; cls++) {
      const next = goto[state]?.get(cls)
      const viaFail = delta[f * classCount + cls] as number
      if (next !== undefined) {
        fail[next] = viaFail / classCount
        delta[state * classCount + cls] = next * classCount
        queue.push(next)
      } else {
        delta[state * classCount + cls] = viaFail
      }
    }
  }
  // Accepting targets are stored negated (-(state) - 1), so the hot loop tests the sign of the
  // value it just loaded instead of reading a second table per byte.
  for (let i = 0; i < delta.length; i++) {
    const target = delta[i] as number
    if ((outputs[target / classCount] as number[]).length > 0) delta[i] = -target - 1
  }

  const index: KeywordIndex = {
    keywords: folded,
    search(bytes, onHit) {
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
    },
  }
  // One run over the keywords themselves gives the loop type feedback for its hit branch:
  // otherwise the loop is optimized before any hit, bails out on the first one and runs
  // interpreted until recompiled, about 50 ms of every thread's scan. The hits go nowhere.
  index.search(Buffer.from(folded.join(' '), 'latin1'), () => undefined)
  return index
}
