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
  /** For rules anchored at their keyword (`keywordInName`): each hit's start and end, flat. */
  hits?: number[]
}

type Candidate = Finding & { priority: number }

/**
 * Scans one file's bytes with a compiled rule set: keyword automaton first, then each
 * triggered rule's regex over the lines (or windows) that hold its keywords, then format
 * validation and hard-negative filters. Pure: no disk, no clock; same input, same output.
 */
export function scanBytes(
  bytes: Buffer,
  path: string,
  ruleSet: RuleSet,
  counts?: { allowed: number },
): Finding[] {
  const windows = collectWindows(bytes, ruleSet)
  if (windows.size === 0) return []
  const candidates: Candidate[] = []
  // Findings a `secrets:allow` comment dropped: counted (with `counts`), never returned.
  const allowed: Candidate[] = []
  const lines = new LineCounter(bytes)
  for (const [ruleIndex, list] of windows) {
    const rule = ruleSet.rules[ruleIndex]
    const pattern = ruleSet.pattern(ruleIndex)
    if (!rule || !pattern) continue
    for (const window of list) {
      const text = bytes.toString('utf8', window.start, window.end)
      const scan: WindowScan = {
        ruleSet,
        ruleIndex,
        rule,
        path,
        text,
        textLines: new TextLines(text),
        lines,
        window,
        candidates,
        allowed,
      }
      // One UTF-16 unit per byte: the hits' byte offsets are the text's offsets.
      const anchored = rule.keywordInName && window.hits && text.length === window.end - window.start
      if (anchored) scanAtKeywords(scan, window.hits ?? [])
      else scanWindow(scan, pattern)
    }
  }
  if (counts && allowed.length > 0) counts.allowed += resolveOverlaps(allowed).length
  return resolveOverlaps(candidates)
}

/** One rule over one window's text, and where accepted matches go. */
interface WindowScan {
  ruleSet: RuleSet
  ruleIndex: number
  rule: RuleSet['rules'][number]
  path: string
  text: string
  textLines: TextLines
  lines: LineCounter
  window: Window
  candidates: Candidate[]
  allowed: Candidate[]
}

/** The rule's regex over the whole window, left to right. */
function scanWindow(scan: WindowScan, pattern: RegExp): void {
  const { text } = scan
  pattern.lastIndex = 0
  let guard = 0
  for (let m = pattern.exec(text); m !== null && guard < 10_000; m = pattern.exec(text), guard++) {
    if (m[0].length === 0) pattern.lastIndex++
    const resume = considerMatch(scan, m)
    if (resume !== undefined) pattern.lastIndex = resume
  }
}

/**
 * A rule whose accepted matches hold a keyword in their leading name (`keywordInName`, the
 * generic assignment rule): its regex is tried, sticky, only where such a name can start — at
 * the start of the run of name characters around each keyword hit — instead of at every
 * `name=value` of the line (thousands on a minified line, all rejected by their name). The
 * same matches are tried in the same order: a left-to-right scan reaches a name's start
 * unless an accepted match covers it (the floor below) or a rejected one's name and
 * operator do, and those cannot hold the start of another name.
 */
function scanAtKeywords(scan: WindowScan, hits: readonly number[]): void {
  const { text, rule } = scan
  const anchor = rule.keywordInName
  const sticky = scan.ruleSet.sticky(scan.ruleIndex)
  if (!anchor || !sticky) return
  const nameChars = scan.ruleSet.nameChars(scan.ruleIndex)
  let floor = 0
  let tried = -1
  let guard = 0
  for (let i = 0; i < hits.length && guard < 10_000; i += 2) {
    const hitStart = hits[i] as number
    const hitEnd = hits[i + 1] as number
    // The name holding this hit starts after the last non-name character before it.
    let start = hitStart
    while (start > 0 && nameChars[text.charCodeAt(start - 1)] === 1) start--
    if (hitEnd - start > anchor.maxLength || start < floor || start === tried) continue
    tried = start
    guard++
    sticky.lastIndex = start
    const m = sticky.exec(text)
    if (!m) continue
    const resume = considerMatch(scan, m)
    floor = resume ?? m.index + Math.max(1, m[0].length)
  }
}

/**
 * Applies the checks to one regex match and records it when accepted. Returns where a
 * left-to-right scan resumes after a rejected generic match (at its value, so an assignment
 * inside it still gets its own match), else undefined (after the match).
 */
function considerMatch(scan: WindowScan, m: RegExpExecArray): number | undefined {
  const { rule, text } = scan
  const groups = m.groups ?? {}
  const raw = groups.secret ?? m[0]
  // The reported secret is the value itself: never its quotes, brackets or edge space.
  const span = secretSpan(raw, rule.extract?.(raw))
  const secret = raw.slice(span.start, span.end)
  if (secret.length === 0 || isPublicTestCredential(secret)) return undefined
  const resume = rule.generic ? Math.max(m.index + 1, m.index + m[0].lastIndexOf(raw)) : undefined
  // Checks on the value alone come first: most regex matches (every assignment on a
  // minified line, for the generic rule) end here, before any position is worked out.
  if (!acceptSecret(rule, raw)) return resume
  // The validator comes next (the generic rules reject most candidates by their name);
  // the line is worked out only if it asks for it.
  let secretStart = -1
  let at: TextLine | undefined
  if (rule.validate) {
    const context = {
      match: m[0],
      groups,
      get line() {
        if (!at) {
          secretStart = secretOffset(scan.ruleSet, scan.ruleIndex, text, m, raw) + span.start
          at = scan.textLines.lineAt(secretStart)
        }
        return text.slice(at.start, at.end)
      },
      path: scan.path,
      window: text,
    }
    if (!rule.validate(raw, context)) return resume
  }
  if (!at) {
    secretStart = secretOffset(scan.ruleSet, scan.ruleIndex, text, m, raw) + span.start
    at = scan.textLines.lineAt(secretStart)
  }
  const column = secretStart - at.start
  if (isInsideEncodedBlob(text.slice(at.start, at.end), column)) return resume
  const { window, lines } = scan
  const lineNo = lines.lineOf(window.start) + at.index
  const offsetInLine = at.start === 0 ? lines.columnOffset(window.start) : 0
  const firstLineLength = secret.indexOf('\n') === -1 ? secret.length : secret.indexOf('\n')
  ;(at.allowed ? scan.allowed : scan.candidates).push({
    ruleId: rule.id,
    title: rule.title,
    path: scan.path,
    line: lineNo,
    column: offsetInLine + column + 1,
    endColumn: offsetInLine + column + 1 + firstLineLength,
    secret,
    redacted: redactSecret(secret),
    fingerprint: fingerprintOf(rule.id, scan.path, secret),
    priority: rule.priority ?? (rule.generic ? 0 : 1),
  })
  return at.allowed ? resume : undefined
}

/** The checks that need only the secret: entropy, placeholders, documented examples. */
function acceptSecret(rule: RuleSet['rules'][number], secret: string): boolean {
  const minEntropy = rule.minEntropy ?? 3
  if (minEntropy > 0 && shannonEntropy(secret) < minEntropy) return false
  if (!rule.allowStructured && (isDocumentedOrMarked(secret) || hasFiller(secret))) return false
  if (isPlaceholderOrReference(secret)) return false
  if (isDocumentedOrMarked(secret) && /EXAMPLE/.test(secret)) return false
  return true
}

/**
 * Where the secret starts in `text`. Without a `secret` group it is the match itself; with
 * one, the same regex with the `d` flag is run again, anchored at the match, for the group's
 * offset (group indices cost an allocation on every match, so only accepted ones pay it).
 */
function secretOffset(
  ruleSet: RuleSet,
  ruleIndex: number,
  text: string,
  m: RegExpExecArray,
  secret: string,
): number {
  if (m.groups?.secret === undefined || secret === m[0]) return m.index
  const located = ruleSet.locator(ruleIndex)
  if (!located) return m.index
  located.lastIndex = m.index
  const again = located.exec(text)
  return again?.indices?.groups?.secret?.[0] ?? m.index
}

/** A line of a window's text: where it starts and ends, its index, and whether it is allowed. */
interface TextLine {
  start: number
  end: number
  /** Newlines before it in the window. */
  index: number
  /** The line carries the `secrets:allow` marker. */
  allowed: boolean
}

/**
 * Lines of one window, found from the newline offsets (computed once), so a window with
 * thousands of matches (a minified bundle) does not rescan its text for each of them.
 */
class TextLines {
  private newlines: number[] | undefined
  private cache: TextLine | undefined
  constructor(private readonly text: string) {}

  lineAt(offset: number): TextLine {
    const cached = this.cache
    if (cached && offset >= cached.start && offset <= cached.end) return cached
    const newlines = (this.newlines ??= newlineOffsets(this.text))
    // Newlines before `offset`: binary search for the first newline at or after it.
    let lo = 0
    let hi = newlines.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((newlines[mid] as number) < offset) lo = mid + 1
      else hi = mid
    }
    const start = lo === 0 ? 0 : (newlines[lo - 1] as number) + 1
    const end = lo < newlines.length ? (newlines[lo] as number) : this.text.length
    const line = { start, end, index: lo, allowed: this.text.slice(start, end).includes(ALLOW_MARKER) }
    this.cache = line
    return line
  }
}

function newlineOffsets(text: string): number[] {
  const offsets: number[] = []
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) offsets.push(i)
  return offsets
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
        // Bounds inside the hit's own line are its line's bounds, already known: searching
        // for them again from every hit costs a scan of the line per hit on minified lines.
        start = Math.max(0, hit - rule.window.before)
        if (start < lineStart) start = start === 0 ? 0 : bytes.lastIndexOf(NEWLINE, start) + 1
        else start = lineStart
        const after = Math.min(bytes.length, hit + rule.window.after)
        if (after <= lineEnd) stop = lineEnd
        else {
          const next = bytes.indexOf(NEWLINE, after)
          stop = next === -1 ? bytes.length : next
        }
      } else if (lineEnd - lineStart > LONG_LINE) {
        start = Math.max(lineStart, hit - 1024)
        stop = Math.min(lineEnd, hit + 4096)
      }
      let list = windows.get(ruleIndex)
      if (!list) windows.set(ruleIndex, (list = []))
      let last = list[list.length - 1]
      if (last && start <= last.end) last.end = Math.max(last.end, stop)
      else list.push((last = { start, end: stop }))
      if (rule.keywordInName) {
        const hits = (last.hits ??= [])
        hits.push(end - (ruleSet.index.keywords[keyword] as string).length - last.start, end - last.start)
      }
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
