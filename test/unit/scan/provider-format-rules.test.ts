import { describe, expect, it } from 'vitest'
import { ruleIds, seededRandom } from '../../helpers/scan-values.js'

// Provider token formats taken from the providers' own documentation. Values are generated at
// run time (a fixed pseudo-random walk), so the repository's self-scan sees no literal token.

const ids = ruleIds
const random = seededRandom(31)
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** A Twitter/X app-only bearer token: zero-led base64, URL-encoded as the API returns it. */
const twitterBearer = () =>
  encodeURIComponent(`${'A'.repeat(21)}${random(4)}AAAAAAA${random(30, B64)}=${random(50, B64)}`)

describe('twitter-bearer-token', () => {
  it.each([
    `TWITTER_BEARER_TOKEN=${twitterBearer()}`,
    `{"token_type":"bearer","access_token":"${twitterBearer()}"}`,
    `curl -H "Authorization: Bearer ${twitterBearer()}" https://api.x.com/2/tweets/20`,
  ])('%s', (line) => {
    expect(ids(line)).toEqual(['twitter-bearer-token'])
  })
  it.each([
    ['A'.repeat(120), 'only the zero run'],
    [`blob = "${'A'.repeat(22)}${random(90)}"`, 'not URL-encoded base64'],
    ['TWITTER_BEARER_TOKEN=${TWITTER_BEARER_TOKEN}', 'a reference'],
    [`${'A'.repeat(22)}${'A%3D'.repeat(25)}`, 'filler'],
  ])('leaves %s alone (%s)', (line) => {
    expect(ids(line)).toEqual([])
  })
})
