import type { Rule } from '../types.js'
import { ASSIGNMENT } from './rule-builders.js'

/**
 * Azure keys in Microsoft's "identifiable" formats: random bytes in base64 with a fixed
 * four-character service signature at a fixed offset, then a checksum (facts from the key
 * layouts published in microsoft/security-utilities, MIT, and learn.microsoft.com). The
 * checksum is a seeded Marvin32 hash, so only the layout is checked here: a four-character
 * signature at an exact offset of an exact-length base64 run is already specific.
 */

/** Not preceded by a base64 (or base64url) character: the key starts at a token boundary. */
const NOT_AFTER_B64 = '(?<![A-Za-z0-9+/_-])'
/** Not followed by a base64 character or padding. */
const NOT_BEFORE_B64 = '(?![A-Za-z0-9+/_=-])'

/** A rule for a fixed-layout key: `body` is the whole key's regex source. */
function identifiable(id: string, title: string, keywords: readonly string[], body: string): Rule {
  return {
    id,
    title,
    keywords,
    pattern: new RegExp(`${NOT_AFTER_B64}(?<secret>${body})${NOT_BEFORE_B64}`, 'g'),
    minEntropy: 3.5,
  }
}

/** Names beside which a 52-character base32 string is an Azure DevOps PAT. */
const ADO_NAME = String.raw`(?:azure[_.-]?devops|devops|azdo|ado|vsts|azure|pat)`

export const azureKeyRules: Rule[] = [
  // Azure Functions keys (function, host/master and system keys), identifiable format: 40
  // random bytes in URL-safe base64, 56 characters: 44 random, the `AzFu` signature, 5
  // random, one of `AQgw` (the last 6-bit group holds 2 checksum bits) and `==`. Keys sent in
  // a URL (`?code=…`) may carry the padding URL-encoded as `%3D%3D`.
  identifiable(
    'azure-functions-key',
    'Azure Functions key',
    ['azfu'],
    '[A-Za-z0-9_-]{44}AzFu[A-Za-z0-9_-]{5}[AQgw](?:==|%3D%3D)',
  ),
  // Azure AI Search (Cognitive Search) admin and query keys, identifiable format: 39 bytes in
  // base64, 52 characters: 42 random, the `AzSe` signature, one of `A`-`D`, 5 checksum characters.
  identifiable(
    'azure-search-key',
    'Azure AI Search admin or query key',
    ['azse'],
    '[A-Za-z0-9+/]{42}AzSe[A-D][A-Za-z0-9+/]{5}',
  ),
  // Azure API Management direct management, subscription, gateway and repository keys,
  // identifiable 64-byte format: 88 base64 characters: 76 random, the `APIM` signature, 5
  // characters, one of `AQgw`, `==`.
  identifiable(
    'azure-apim-key',
    'Azure API Management key',
    ['apim'],
    '[A-Za-z0-9+/]{76}APIM[A-Za-z0-9+/]{5}[AQgw]==',
  ),
  // Azure DevOps personal access tokens, current format (2024 on): an 84-character "common
  // annotated security key": 52 random base62 characters, the `JQQJ99` standard signature
  // (`JQQJ9D` derived, `JQQJ9H` hashed keys), a two-character creation date (year letter,
  // month `A`-`L`), 12 platform- and 4 provider-reserved characters, the `AZDO` provider
  // signature at offset 76 and 4 checksum characters.
  identifiable(
    'azure-devops-pat',
    'Azure DevOps personal access token',
    ['jqqj9'],
    '[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9][A-L][A-Za-z0-9]{16}AZDO[A-Za-z0-9]{4}',
  ),
  // Azure DevOps personal access tokens, legacy format: 52 characters of lower-case base32
  // (`a`-`z`, `2`-`7`). The alphabet alone is not distinctive, so only beside a DevOps / ADO /
  // Azure / PAT name (`AZURE_DEVOPS_PAT=…`, `ado_token: …`).
  {
    id: 'azure-devops-pat-legacy',
    title: 'Azure DevOps personal access token (legacy format)',
    keywords: ['devops', 'azdo', 'ado_', 'ado-', '_ado', 'vsts', 'azure', 'pat'],
    pattern: new RegExp(
      `${ADO_NAME}[\\w.-]{0,40}${ASSIGNMENT}["'\`]?` + `(?<secret>[a-z2-7]{52})(?![A-Za-z0-9_+/=-])`,
      'gi',
    ),
    minEntropy: 3.5,
    // A base32 token holds digits (2-7) and letters; a 52-letter run is a word, not a PAT.
    validate: (secret) => /[2-7]/.test(secret) && /[a-z]/.test(secret) && secret === secret.toLowerCase(),
  },
]
