import { buildKeywordIndex, type KeywordIndex } from './keyword-index.js'
import type { Rule } from './types.js'

/** Rules compiled for scanning: the shared keyword automaton and keyword → rules map. */
export interface RuleSet {
  rules: readonly Rule[]
  /** The same patterns with the `d` flag, for group offsets. */
  patterns: readonly RegExp[]
  index: KeywordIndex
  /** For each keyword (by index), the rules (by index) it triggers. */
  rulesByKeyword: readonly (readonly number[])[]
}

/** Compiles `rules` into one keyword automaton; every rule needs at least one keyword. */
export function compileRuleSet(rules: readonly Rule[]): RuleSet {
  const keywordIds = new Map<string, number>()
  const rulesByKeyword: number[][] = []
  rules.forEach((rule, ruleIndex) => {
    if (rule.keywords.length === 0) throw new Error(`rule ${rule.id} has no keywords`)
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
  const patterns = rules.map((rule) => {
    const flags = new Set(rule.pattern.flags)
    flags.add('g')
    flags.add('d')
    return new RegExp(rule.pattern.source, [...flags].join(''))
  })
  return { rules, patterns, index: buildKeywordIndex([...keywordIds.keys()]), rulesByKeyword }
}
