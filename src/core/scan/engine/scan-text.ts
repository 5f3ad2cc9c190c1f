import { shannonEntropy } from './entropy.js'
import { fingerprintOf, redactSecret } from './finding-identity.js'
import {
  hasFiller,
  isDocumentedOrMarked,
  isInsideEncodedBlob,
  isPlaceholderOrReference,
  isPublicTestCredential,
} from './hard-negatives.js'
import type { RuleSet } from './rule-set.js'
import type { Finding } from './types.js'

/** The inline marker that suppresses findings on its line (in any comment syntax). */
export const ALLOW_MARKER = 'secrets:allow'

const NEWLINE = 10
/** Lines longer than this (minified code) are cut to a window around each keyword hit. */
const LONG_LINE = 8192

interface Window {
  start: number
  end: number
}

/**
 * Scans one file's bytes with a compiled rule set: keyword automaton first, then each
 * triggered rule's regex over the lines (or windows) that hold its keywords, then format
 * validation and hard-negative filters. Pure: no disk, no clock; same input, same output.
 */
export function scanBytes(bytes: Buffer, path: string, ruleSet: RuleSet): Finding[] {
  const windows = collectWindows(bytes, ruleSet)
  if (windows.size === 0) return []
  const candidates: (Finding & { priority: number })[] = []
  const lines = new LineCounter(bytes)
  for (const [ruleIndex, list] of windows) {
    const rule = ruleSet.rules[ruleIndex]
    const pattern = ruleSet.patterns[ruleIndex]
    if (!rule || !pattern) continue
    for (const window of list) {
      const text = bytes.toString('utf8', window.start, window.end)
      pattern.lastIndex = 0
      let guard = 0
      for (let m = pattern.exec(text); m !== null && guard < 10_000; m = pattern.exec(text), guard++) {
        if (m[0].length === 0) pattern.lastIndex++
        const groups = m.groups ?? {}
        const raw = groups.secret ?? m[0]
        const rawStart = m.indices?.groups?.secret?.[0] ?? m.index
        // The reported secret is the value itself: never its quotes, brackets or edge space.
        const span = secretSpan(raw, rule.extract?.(raw))
        const secret = raw.slice(span.start, span.end)
        const secretStart = rawStart + span.start
        if (secret.length === 0 || isPublicTestCredential(secret)) continue
        const lineStart = text.lastIndexOf('\n', secretStart - 1) + 1
        const lineEndRaw = text.indexOf('\n', secretStart)
        const lineText = text.slice(lineStart, lineEndRaw === -1 ? text.length : lineEndRaw)
        const column = secretStart - lineStart
        if (!accept(rule, raw, lineText, column, path, groups, m[0], text)) {
          // A rejected generic match resumes at its value, so an assignment inside it
          // (`Client(api_key='…')` after `client = `) still gets its own match.
          if (rule.generic) pattern.lastIndex = Math.max(m.index + 1, rawStart)
          continue
        }
        const lineNo = lines.lineOf(window.start) + countNewlines(text, secretStart)
        const offsetInLine = lineStart === 0 ? lines.columnOffset(window.start) : 0
        const firstLineLength = secret.indexOf('\n') === -1 ? secret.length : secret.indexOf('\n')
        candidates.push({
          ruleId: rule.id,
          title: rule.title,
          path,
          line: lineNo,
          column: offsetInLine + column + 1,
          endColumn: offsetInLine + column + 1 + firstLineLength,
          secret,
          redacted: redactSecret(secret),
          fingerprint: fingerprintOf(rule.id, path, secret),
          priority: rule.priority ?? (rule.generic ? 0 : 1),
        })
      }
    }
  }
  return resolveOverlaps(candidates)
}

function accept(
  rule: RuleSet['rules'][number],
  secret: string,
  line: string,
  column: number,
  path: string,
  groups: Record<string, string | undefined>,
  match: string,
  window: string,
): boolean {
  if (line.includes(ALLOW_MARKER)) return false
  const minEntropy = rule.minEntropy ?? 3
  if (minEntropy > 0 && shannonEntropy(secret) < minEntropy) return false
  if (!rule.allowStructured && (isDocumentedOrMarked(secret) || hasFiller(secret))) return false
  if (isPlaceholderOrReference(secret)) return false
  if (isDocumentedOrMarked(secret) && /EXAMPLE/.test(secret)) return false
  if (isInsideEncodedBlob(line, column)) return false
  if (rule.validate && !rule.validate(secret, { match, groups, line, path, window })) return false
  return true
}

const OPENERS = '"\'`([{<'
const CLOSERS = '"\'`)]}>'

/**
 * The part of a matched secret to report: the rule's own extraction (an auth scheme or a
 * wrapper dropped), then without surrounding whitespace and without enclosing quotes or
 * brackets, so a finding's span and mask hold the value only.
 */
function secretSpan(raw: string, extracted?: { start: number; end: number }): { start: number; end: number } {
  let start = extracted?.start ?? 0
  let end = extracted?.end ?? raw.length
  for (let changed = true; changed && end > start;) {
    changed = false
    // Leading space stops at a line break: a multi-line secret keeps its first line.
    while (end > start && /[ \t]/.test(raw[start] ?? '')) {
      start++
      changed = true
    }
    while (end > start && /\s/.test(raw[end - 1] ?? '')) {
      end--
      changed = true
    }
    const open = OPENERS.indexOf(raw[start] ?? '')
    if (open !== -1 && end - start >= 2 && raw[end - 1] === CLOSERS[open]) {
      start++
      end--
      changed = true
    }
  }
  return { start, end }
}

/** Finds, per rule, the merged byte windows around its keyword hits. */
function collectWindows(bytes: Buffer, ruleSet: RuleSet): Map<number, Window[]> {
  const windows = new Map<number, Window[]>()
  let lineStart = -1
  let lineEnd = -1
  ruleSet.index.search(bytes, (keyword, end) => {
    const hit = end - 1
    if (hit < lineStart || hit >= lineEnd) {
      lineStart = bytes.lastIndexOf(NEWLINE, hit) + 1
      const next = bytes.indexOf(NEWLINE, hit)
      lineEnd = next === -1 ? bytes.length : next
    }
    for (const ruleIndex of ruleSet.rulesByKeyword[keyword] ?? []) {
      const rule = ruleSet.rules[ruleIndex]
      if (!rule) continue
      if (rule.caseSensitiveKeywords && !exactKeywordAt(bytes, end, rule.keywords)) continue
      let start = lineStart
      let stop = lineEnd
      if (rule.window) {
        start = Math.max(0, hit - rule.window.before)
        start = start === 0 ? 0 : bytes.lastIndexOf(NEWLINE, start) + 1
        const after = Math.min(bytes.length, hit + rule.window.after)
        const next = bytes.indexOf(NEWLINE, after)
        stop = next === -1 ? bytes.length : next
      } else if (lineEnd - lineStart > LONG_LINE) {
        start = Math.max(lineStart, hit - 1024)
        stop = Math.min(lineEnd, hit + 4096)
      }
      let list = windows.get(ruleIndex)
      if (!list) windows.set(ruleIndex, (list = []))
      const last = list[list.length - 1]
      if (last && start <= last.end) last.end = Math.max(last.end, stop)
      else list.push({ start, end: stop })
    }
  })
  return windows
}

/** True when one of `keywords` ends at `end` with exactly the given case (bytes compared). */
function exactKeywordAt(bytes: Buffer, end: number, keywords: readonly string[]): boolean {
  return keywords.some((k) => {
    const start = end - k.length
    if (start < 0) return false
    for (let i = 0; i < k.length; i++) if (bytes[start + i] !== k.charCodeAt(i)) return false
    return true
  })
}

/** Line numbers for byte offsets, counted incrementally (findings arrive roughly in order). */
class LineCounter {
  private pos = 0
  private line = 1
  constructor(private readonly bytes: Buffer) {}

  lineOf(offset: number): number {
    if (offset < this.pos) {
      this.pos = 0
      this.line = 1
    }
    let i = this.bytes.indexOf(NEWLINE, this.pos)
    while (i !== -1 && i < offset) {
      this.line++
      i = this.bytes.indexOf(NEWLINE, i + 1)
    }
    this.pos = offset
    return this.line
  }

  /** Characters between the start of the line holding `offset` and `offset` (cut windows). */
  columnOffset(offset: number): number {
    const start = this.bytes.lastIndexOf(NEWLINE, offset - 1) + 1
    return start >= offset ? 0 : this.bytes.toString('utf8', start, offset).length
  }
}

function countNewlines(text: string, end: number): number {
  let n = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++
  return n
}

/** Keeps one finding per overlapping span: the highest priority, then the longest. */
function resolveOverlaps(candidates: (Finding & { priority: number })[]): Finding[] {
  candidates.sort(
    (a, b) => a.line - b.line || a.column - b.column || b.priority - a.priority || b.endColumn - a.endColumn,
  )
  const kept: (Finding & { priority: number })[] = []
  for (const c of candidates) {
    const clash = kept.findIndex((k) => k.line === c.line && c.column < k.endColumn && k.column < c.endColumn)
    if (clash === -1) {
      kept.push(c)
      continue
    }
    const other = kept[clash] as Finding & { priority: number }
    if (c.priority > other.priority) kept[clash] = c
  }
  return kept.map(({ priority: _priority, ...finding }) => finding)
}
