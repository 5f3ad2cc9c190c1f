import { randomness } from './randomness.js'

/**
 * An identifier path in code, not a token: words in camelCase, PascalCase or snake_case,
 * optionally joined by `.`, `:`, `::`, `/` or `-` into a path (`Symbol.asyncIterable`,
 * `InvalidationList.NextMarker`, `serverlessrepo:applicationId`, `aws:rds:primaryDBClusterArn`,
 * `collaborationMLInputChannelsList`, `ASAuthorizationAppleIDCredential`). Real code puts such
 * names under secret-like keys all the time (an SDK's pagination `output_token`, a constant
 * `EMRFS_SSE_KEY = '…'`, a type annotation `passwd: HTTPPasswordMgr`), and their entropy is as
 * high as a short token's. A vocabulary misses most of their words (`iterable`, `shard`), so
 * the test is the shape: every letter run is a pronounceable word of 4+ letters, an acronym
 * (2–6 capitals) or a short segment of its own (`fs`, `io`) or suffix (`Id`, `Db`); digits only
 * end a word (`s3`, `oauth2Token`), never run into lower-case letters; words cover 60 % of the
 * value and its pronounceable runs half of it (randomness.ts). Measured on 100,000 random
 * tokens per alphabet: 0.02 % of 16-character base62 tokens have this shape, none of 24+
 * (letters-only tokens 0.2 % at 16), none in hex or lower-case base36.
 */
export function identifierShaped(value: string): boolean {
  if (value.length > 200) return false
  const pieces = value.match(/[A-Z]+(?![a-z])|[A-Z][a-z]+|[a-z]+|\d+|[^A-Za-z\d]+/g) ?? []
  let words = 0
  let acronyms = 0
  let numbers = 0
  let wordChars = 0
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] ?? ''
    const previous = pieces[i - 1]
    const next = pieces[i + 1]
    const separatedBefore = previous === undefined || /^[^A-Za-z\d]/.test(previous)
    const separatedAfter = next === undefined || /^[^A-Za-z\d]/.test(next)
    if (/^[^A-Za-z\d]+$/.test(piece)) {
      if (!/^(?:[._:/-]|::|__)$/.test(piece)) return false
      continue
    }
    if (/^\d+$/.test(piece)) {
      numbers++
      if (piece.length > 5 || (next !== undefined && /^[a-z]/.test(next))) return false
      continue
    }
    if (/^[A-Z]+$/.test(piece)) {
      // A lone capital starts a word or a versioned name (`S3`, `V2` in `ServerlessV2Platform`).
      if (
        piece.length > 6 ||
        (piece.length === 1 && !separatedAfter && !/^(?:[A-Z][a-z]|\d)/.test(next ?? ''))
      )
        return false
      acronyms++
      continue
    }
    if (piece.length < 3) {
      const afterDigits = pieces[i + 2]
      // `fs`, `io`, or a short versioned segment such as `s3`, `ec2`, `v2`.
      const ownSegment =
        separatedBefore &&
        (separatedAfter ||
          (/^\d+$/.test(next ?? '') && (afterDigits === undefined || /^[^A-Za-z\d]/.test(afterDigits))))
      const suffix = /^[A-Z][a-z]$/.test(piece) && previous !== undefined && /^[A-Za-z]{3,}$/.test(previous)
      if (ownSegment || suffix) continue
      return false
    }
    // A short lower-case segment of its own may be a service's abbreviation (`aws:rds:…`, `ssm`).
    const abbreviation = piece.length <= 4 && separatedBefore && separatedAfter && /^[a-z]+$/.test(piece)
    if (!abbreviation && (!/[aeiouy]/i.test(piece) || /[bcdfghjklmnpqrstvwxz]{4,}/i.test(piece))) return false
    if (piece.length >= 4) {
      words++
      wordChars += piece.length
    }
  }
  return (
    words >= 2 &&
    acronyms <= words &&
    numbers <= 2 &&
    wordChars >= value.length * 0.6 &&
    randomness(value).wordiness >= 0.5
  )
}
