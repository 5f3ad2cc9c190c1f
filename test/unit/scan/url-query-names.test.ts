import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { B62, ruleIds } from '../../helpers/scan-values.js'

// A credential in a URL's query string is named by its parameter, and services name theirs
// after themselves as often as not (`?acme_client_secret=`, `&widgetToken=`): any name that
// ends in a credential word counts, judged word by word as an assignment's name is.
// Values: SHA-256 in counter mode (uniform, the same on every run, no literal in the file).
let counter = 0
const value = (length: number) => {
  let out = ''
  while (out.length < length)
    for (const byte of createHash('sha256').update(`query-${counter++}`).digest())
      if (byte < 248 && out.length < length) out += B62[byte % 62]
  return out
}

describe('url-query-credential: parameter names', () => {
  it.each([
    [
      'a service-prefixed client secret',
      `curl "https://api.example.net/v2/report?format=csv&acme_client_secret=${value(32)}"`,
    ],
    ['a camelCase service token', `GET /hooks/deliver?widgetToken=${value(28)}&page=2 HTTP/1.1`],
    ['a dotted name', `https://example.org/feed?partner.api_key=${value(32)}`],
    ['the bare key', `https://example.org/feed?key=${value(39)}`],
    ['a password', `https://example.org/login?user=ops&pwd=${value(16)}`],
  ])('reports %s', (_label, line) => {
    expect(ruleIds(`${line}\n`)).toContain('url-query-credential')
  })

  it.each([
    ['a public key', `https://maps.example.com/tiles?public_key=${value(32)}&z=4`],
    ['a pagination token', `GET /items?next_token=${value(32)}`],
    ['a page token', `GET /items?page_token=${value(32)}`],
    ['an idempotency key', `https://example.org/pay?idempotency_key=${value(32)}`],
    ['a cache key', `https://example.org/a?cache_key=${value(32)}`],
    ['a sort key that is a word', 'https://example.org/a?sort_key=created_at_desc'],
    ['a reference', 'https://example.org/a?acme_api_key=${ACME_API_KEY}'],
    [
      'a README badge token',
      `[![codecov](https://codecov.io/gh/acme/app/graph/badge.svg?token=${value(10)})](https://codecov.io/gh/acme/app)`,
    ],
  ])('does not report %s', (_label, line) => {
    expect(ruleIds(`${line}\n`)).toEqual([])
  })
})
