import { buildKeywordIndex, type KeywordIndex } from './keyword-index.js'
import type { Rule } from './types.js'

/** Rules compiled for scanning: the shared keyword automaton and keyword → rules map. */
export interface RuleSet {
  rules: readonly Rule[]
  /**
   * The rule's pattern with the `g` flag, for finding matches; built on first use like the
   * others (a staged commit's few files wake a handful of the rules).
   */
  pattern(ruleIndex: number): RegExp | undefined
  /**
   * The same pattern sticky with the `d` flag, re-run at an accepted match for group offsets;
   * built on first use (most rules never need one in a scan, and start-up pays per regex).
   */
  locator(ruleIndex: number): RegExp | undefined
  /** The pattern sticky (`y`), for rules tried only at their keyword (`keywordInName`). */
  sticky(ruleIndex: number): RegExp | undefined
  /** For `keywordInName` rules: 1 for each UTF-16 code unit (below 128) that is a name character. */
  nameChars(ruleIndex: number): Uint8Array
  index: KeywordIndex
  /** For each keyword (by index), the rules (by index) it triggers. */
  rulesByKeyword: readonly (readonly number[])[]
  /** The whole-file rules (by index), which the keyword automaton does not trigger. */
  containers: readonly number[]
}

/** Compiles `rules` into one keyword automaton; every rule needs at least one keyword. */
export function compileRuleSet(rules: readonly Rule[]): RuleSet {
  const keywordIds = new Map<string, number>()
  const rulesByKeyword: number[][] = []
  const containers: number[] = []
  rules.forEach((rule, ruleIndex) => {
    if (rule.keywords.length === 0) throw new Error(`rule ${rule.id} has no keywords`)
    if (rule.container) return void containers.push(ruleIndex)
    for (const raw of rule.keywords) {
      const keyword = raw.toLowerCase()
      let id = keywordIds.get(keyword)
      if (id === undefined) {
        id = keywordIds.size
        keywordIds.set(keyword, id)
        rulesByKeyword.push([])
      }
      const list = rulesByKeyword[id] as number[]
      if (!list.includes(ruleIndex)) list.push(ruleIndex)
    }
  })
  const withFlags = (pattern: RegExp, add: string, remove = '') => {
    const flags = new Set(pattern.flags)
    for (const f of add) flags.add(f)
    for (const f of remove) flags.delete(f)
    return new RegExp(pattern.source, [...flags].join(''))
  }
  /** The rule's pattern with flags changed, built on a rule's first use and kept. */
  const variant = (add: string, remove: string) => {
    const built: (RegExp | undefined)[] = []
    return (ruleIndex: number) => {
      const rule = rules[ruleIndex]
      if (!rule) return undefined
      return (built[ruleIndex] ??= withFlags(rule.pattern, add, remove))
    }
  }
  const pattern = variant('g', 'dy')
  const locator = variant('dy', 'g')
  const sticky = variant('y', 'dg')
  const nameTables: Uint8Array[] = []
  const nameChars = (ruleIndex: number) =>
    (nameTables[ruleIndex] ??= nameCharTable(rules[ruleIndex]?.keywordInName?.nameChar))
  return {
    rules,
    pattern,
    locator,
    sticky,
    nameChars,
    index: buildKeywordIndex([...keywordIds.keys()]),
    rulesByKeyword,
    containers,
  }
}

/** The ASCII characters a one-character class accepts (a `keywordInName` rule's name characters). */
function nameCharTable(nameChar: RegExp | undefined): Uint8Array {
  const table = new Uint8Array(128)
  if (!nameChar) return table
  const test = new RegExp(`^(?:${nameChar.source})$`, nameChar.flags.replace(/[gy]/g, ''))
  for (let c = 0; c < 128; c++) table[c] = test.test(String.fromCharCode(c)) ? 1 : 0
  return table
}
