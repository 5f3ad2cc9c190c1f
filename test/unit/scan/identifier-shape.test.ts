import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { B62, HEX, ruleIds } from '../../helpers/scan-values.js'
import { identifierShaped } from '../../../src/core/scan/engine/identifier-shape.js'

// Identifier paths from published code (botocore, awscli, Vite, typeshed), read where they sit
// under secret-like names, versus generated tokens of the same lengths.
let counter = 0
const token = (length: number, alphabet = B62) => {
  let out = ''
  while (out.length < length)
    for (const byte of createHash('sha256').update(`ident-${counter++}`).digest())
      if (byte < 256 - (256 % alphabet.length) && out.length < length) out += alphabet[byte % alphabet.length]
  return out
}

describe('identifierShaped', () => {
  it.each([
    'Symbol.asyncIterable',
    'InvalidationList.NextMarker',
    'serverlessrepo:applicationId',
    'collaborationMLInputChannelsList',
    'ASAuthorizationAppleIDCredential',
    'getAccessTokenFromCache2',
    'oauth2ClientCredentials',
  ])('an identifier: %s', (value) => expect(identifierShaped(value)).toBe(true))

  it.each(['Tr0ub4dor&3x', 'IAmSensitive', 'HTTPPasswordMgr', 'x25519.X25519PrivateKey'])(
    'not a multi-word identifier: %s',
    (value) => expect(identifierShaped(value)).toBe(false),
  )

  it.each([
    ['base62', 16, B62],
    ['base62', 24, B62],
    ['base62', 40, B62],
    ['hex', 32, HEX],
    ['base64url', 24, `${B62}-_`],
  ])('no generated %s token of %i characters (2,000 drawn)', (_name, length, alphabet) => {
    const shaped = Array.from({ length: 2000 }, () => token(length, alphabet)).filter(identifierShaped)
    expect(shaped).toEqual([])
  })

  it.each([
    ['an SDK pagination token path', '"output_token": "InvalidationList.NextMarker",'],
    ['a config property name under a key constant', "EMRFS_SSE_KEY = 'fs.s3.enableServerSideEncryption'"],
    ['a well-known symbol under a token name', 'api_token = "Symbol.asyncIterable"'],
    ['a namespaced property', '_SAR_APP_KEY = "serverlessrepo:applicationId"'],
  ])('the generic rules skip %s', (_label, line) => expect(ruleIds(`${line}\n`)).toEqual([]))

  it('a generated token under the same names is still reported', () => {
    expect(ruleIds(`api_token = "${token(32)}"\n`)).toEqual(['generic-secret'])
  })

  // Two neighbours in a list of strings are not a name and its value; a call's or a pair's
  // first two arguments are.
  it('a list of class names holding a random-looking entry is not a name/value pair', () => {
    expect(
      ruleIds(`builtins = ['ASAuthorizationRequest', 'ASPasswordCredential', '${token(24)}']\n`),
    ).toEqual([])
  })
  it.each([
    ['a setter call', (v: string) => `System.setProperty("API_TOKEN", "${v}");`],
    ['a C++ map entry', (v: string) => `{"auth_token", "${v}"},`],
  ])('%s is', (_label, line) => {
    expect(ruleIds(`${line(token(32))}\n`)).toEqual(['generic-secret'])
  })
})
