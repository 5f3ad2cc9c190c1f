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

/**
 * The index over `keywords` (non-empty ASCII). Its search works in three stages, by how many
 * bytes it has searched in all: the first few KB (the pre-commit hook's one or two small staged
 * files) by one `indexOf` per keyword, with no automaton built at all (building the trie costs
 * a cold process ~2.5 ms, more than searching 8 KB this way); then the Aho-Corasick trie walk;
 * then, once enough bytes have gone through to repay it, the dense table. All three report the
 * same hits in the same order.
 */
export function buildKeywordIndex(keywords: readonly string[]): KeywordIndex {
  const folded = keywords.map((k) => k.toLowerCase())
  for (const word of folded)
    if ([...word].some((c) => c.charCodeAt(0) > 127))
      throw new Error(`keyword ${JSON.stringify(word)} is not ASCII`)
  let automaton: KeywordIndex['search'] | undefined
  let searched = 0
  return {
    keywords: folded,
    search(bytes, onHit) {
      if (!automaton) {
        searched += bytes.length
        if (searched <= INDEXOF_BYTES) return searchByIndexOf(folded, bytes, onHit)
        automaton = buildAutomaton(folded)
      }
      automaton(bytes, onHit)
    },
  }
}

/** Bytes searched keyword by keyword before the trie is built. */
const INDEXOF_BYTES = 8 * 1024

/**
 * Every occurrence of every keyword in `bytes`, in the automaton's order: by end offset, then
 * longest keyword first (the automaton's output chain runs from a state to ever shorter
 * suffixes), then by keyword index (equal keywords share a state and keep their list order).
 */
function searchByIndexOf(
  folded: readonly string[],
  bytes: Uint8Array,
  onHit: (keyword: number, end: number) => void,
): void {
  // latin1 keeps one character per byte; lower-casing maps ASCII to ASCII and leaves the other
  // bytes outside ASCII, which no keyword holds, exactly as the automaton's byte classes do.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1').toLowerCase()
  const hits: number[] = []
  folded.forEach((word, keyword) => {
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1))
      hits.push(at + word.length, keyword)
  })
  if (hits.length === 0) return
  const order = Array.from({ length: hits.length / 2 }, (_, i) => i)
  const end = (i: number) => hits[2 * i] as number
  const key = (i: number) => hits[2 * i + 1] as number
  order.sort(
    (a, b) =>
      end(a) - end(b) ||
      (folded[key(b)] as string).length - (folded[key(a)] as string).length ||
      key(a) - key(b),
  )
  for (const i of order) onHit(key(i), end(i))
}

/** The Aho-Corasick automaton over byte classes: the trie walk first, the dense table later. */
function buildAutomaton(folded: readonly string[]): KeywordIndex['search'] {
  // Byte classes: every byte that appears in some keyword gets its own class (upper-case
  // letters share their lower-case class); all other bytes are class 0.
  const classOf = new Uint8Array(256)
  let classCount = 1
  for (const word of folded) {
    for (let i = 0; i < word.length; i++) {
      const b = word.charCodeAt(i)
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

  // Small inputs walk the trie and its failure links; the dense table, which costs ~20 ms to
  // build, is built once enough bytes have been searched to repay it.
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
  return (bytes, onHit) => {
    if (!dense) {
      searched += bytes.length
      if (searched < DENSE_AFTER_BYTES) return sparse(bytes, onHit)
      const all = goto.map((_, state) => outputsOf(state))
      dense = buildDenseSearch(folded, classOf, classCount, goto, failOf, all)
    }
    dense(bytes, onHit)
  }
}

/** Bytes searched with the trie walk (after the indexOf stage) before the dense table is built. */
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
