// Translates the scanner's rule regexes into ripgrep (Rust regex) syntax, so ripgrep can run
// a comparable pattern set: lookarounds are dropped (Rust's engine has none), named groups
// renamed, flags inlined. Patterns ripgrep still rejects are left out and counted.
// Usage: node bench/scan/rg-patterns.mjs > bench/.work/rg-patterns.txt (after npm run build)
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { BUILTIN_RULES } from '../../dist/core/scan/engine/index.js'

/** Removes `(?<!…)`, `(?<=…)`, `(?!…)`, `(?=…)` groups, respecting nesting and classes. */
function dropLookarounds(source) {
  let out = ''
  for (let i = 0; i < source.length; i++) {
    const rest = source.slice(i)
    const m = /^\(\?(?:<!|<=|!|=)/.exec(rest)
    if (!m) {
      out += source[i]
      if (source[i] === '\\') out += source[++i] ?? ''
      continue
    }
    let depth = 0
    let inClass = false
    for (let j = i; j < source.length; j++) {
      const c = source[j]
      if (c === '\\') {
        j++
        continue
      }
      if (inClass) {
        if (c === ']') inClass = false
        continue
      }
      if (c === '[') inClass = true
      else if (c === '(') depth++
      else if (c === ')' && --depth === 0) {
        i = j
        break
      }
    }
  }
  return out
}

// Without lookbehind these two match nearly every line; ripgrep gets the gitleaks-style
// generic pattern instead (a secret word in the name, an assignment, 8+ value characters).
const REPLACED = {
  'generic-secret':
    '(?i)(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_.-]?key|access[_.-]?key|private[_.-]?key|credentials?)[\\w.-]{0,20}["\']?\\s{0,4}(?::=|=>|[:=])\\s{0,4}["\'`]?[^\\s"\'`]{8,}',
  'kubernetes-secret-manifest': '(?m)^kind:\\s*Secret\\s*$',
}
const patterns = []
let skipped = 0
for (const rule of BUILTIN_RULES) {
  if (REPLACED[rule.id]) {
    patterns.push(REPLACED[rule.id])
    continue
  }
  if (rule.pattern.source.includes('\\k<')) {
    skipped++
    continue
  }
  let source = dropLookarounds(rule.pattern.source)
    .replace(/\(\?<([A-Za-z]\w*)>/g, '(')
    .replace(/\\\//g, '/')
    // Large counted repetitions blow past Rust's compiled-size limit; unbounded is equivalent here.
    .replace(/\{(\d+),(\d+)\}/g, (all, lo, hi) => (Number(hi) > 128 ? `{${lo},}` : all))
  const flags = `${rule.pattern.flags.includes('i') ? 'i' : ''}${rule.pattern.flags.includes('m') ? 'm' : ''}`
  if (flags) source = `(?${flags})${source}`
  try {
    execFileSync('rg', ['--no-config', '-q', '-e', source, '-'], {
      input: '',
      stdio: ['pipe', 'ignore', 'pipe'],
    })
  } catch (error) {
    if (error.status !== 1) {
      skipped++
      continue
    }
  }
  patterns.push(source)
}
process.stdout.write(`${patterns.join('\n')}\n`)
// The prefilter's literals alone (for `rg -i -F`): the ceiling for a keyword pass.
const keywords = [...new Set(BUILTIN_RULES.flatMap((r) => r.keywords.map((k) => k.toLowerCase())))]
writeFileSync(new URL('../.work/rg-keywords.txt', import.meta.url), `${keywords.join('\n')}\n`)
console.error(`${patterns.length} patterns for ripgrep, ${skipped} rules left out`)
