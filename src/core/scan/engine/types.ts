/** Shapes shared by the scanning core: rules, matches, findings. No I/O here. */

/** What a rule's validator sees about one regex match. */
export interface MatchContext {
  /** The whole match. */
  match: string
  /** Named groups of the match (e.g. `name` for assignment rules). */
  groups: Record<string, string | undefined>
  /** The full text of the line the secret starts on. */
  line: string
  /** Path of the file (posix, relative), for format-specific decisions. */
  path: string
  /** The text window the regex ran over (for pairing rules such as AWS key id + secret). */
  window: string
}

/**
 * A detection rule: a pure function of text, in two stages. `keywords` feed the literal
 * prefilter (at least one must occur, ASCII case-insensitively, or the regex never runs);
 * `pattern` finds candidates; `validate` applies format facts (checksums, decodings,
 * context) that a regex cannot express.
 */
export interface Rule {
  /** Stable kebab-case identifier, used in output, config and baselines. */
  id: string
  /** Human title: "GitHub personal access token". */
  title: string
  /** Lower-case literals; a file without any of them is never matched against `pattern`. */
  keywords: readonly string[]
  /** Keywords must match in the case given (for short prefixes such as `SK`). */
  caseSensitiveKeywords?: boolean
  /** Must carry the `g` flag; the secret is the named group `secret`, else the whole match. */
  pattern: RegExp
  /** Bytes of context around a keyword hit the regex sees; default: the keyword's line. */
  window?: { before: number; after: number }
  /**
   * Every match the validator can accept holds one of the rule's keywords in its leading name:
   * a run of `nameChar` characters (at most `maxLength`) that starts the match right after a
   * character outside `nameChar`. The regex is then tried only at the start of each such run
   * holding a keyword hit, not over the whole line (minified code has thousands of
   * `name=value` per line); the findings are the same.
   */
  keywordInName?: { nameChar: RegExp; maxLength: number }
  /** Minimum Shannon entropy (bits/char) of the secret; default 3. */
  minEntropy?: number
  /** Format checks beyond the regex (checksum, decoding, context). */
  validate?: (secret: string, context: MatchContext) => boolean
  /**
   * The part of an accepted match to report (e.g. the token after `Bearer `); offsets into
   * the secret group. Quotes, brackets and edge whitespace are always trimmed after it.
   */
  extract?: (secret: string) => { start: number; end: number } | undefined
  /** Generic rules give way to specific ones on overlapping matches. */
  generic?: boolean
  /** On overlapping matches the higher priority wins (default 1, generic 0). */
  priority?: number
  /** Skip the placeholder heuristics (for formats whose value may look structured). */
  allowStructured?: boolean
  /**
   * A rule over a whole file (binary key containers such as PKCS #12): run on every file whose
   * path matches, binary or not, instead of `keywords`/`pattern`; one finding at line 1.
   */
  container?: { path: RegExp; test: (bytes: Uint8Array) => boolean }
}

/** One detected secret, before presentation. `secret` never leaves the process unredacted. */
export interface Finding {
  ruleId: string
  title: string
  path: string
  /** 1-based line and column (column counts UTF-16 units, like editors and SARIF). */
  line: number
  column: number
  endColumn: number
  /** The raw secret: used for redaction and fingerprints only, never printed by default. */
  secret: string
  /** `****wxyz`-style masked form. */
  redacted: string
  /**
   * Inside a scan: a fast hash of rule, path and secret (one finding per secret and path).
   * On what a scan returns: the location fingerprint (rule, path, rank), nothing secret-derived.
   */
  fingerprint: string
  /** Set for --history: where the blob was first introduced. */
  commit?: { sha: string; author: string; date: string }
  /** Set by `scan --verify` for findings a verifier covers (see core/scan/verify). */
  verification?: FindingVerification
  /** `known-value` findings: the name of the project's parameter whose value this is. */
  parameter?: string
}

/** What a credential's issuer said about a finding. Never holds a secret value. */
export interface FindingVerification {
  status: 'verified' | 'unverified' | 'unknown'
  /** The verifier that asked (e.g. `aws-sts`). */
  verifier: string
  /** Whose credential it is, as the issuer names it (an ARN): not a secret. */
  identity?: string
  /** The user's own profile whose stored key this is. */
  profile?: string
  /** The command that replaces it (when `profile` is set). */
  remedy?: string
}

/**
 * Why a file was not scanned. `symlink`: a symbolic link, never followed; `special`: not a
 * regular file (FIFO, socket, device); `too-deep`: below the walk's depth limit (outside git).
 */
export type SkipReason =
  'binary' | 'oversized' | 'unreadable' | 'missing' | 'symlink' | 'special' | 'too-deep'
