import { describe, expect, it } from 'vitest'
import { START } from '../../../src/core/scan/engine/rules/rule-builders.js'
import {
  BUILTIN_RULES,
  buildKeywordIndex,
  compileRuleSet,
  scanBytes,
  type Rule,
} from '../../../src/core/scan/engine/index.js'

// The generic rule tried only at its keywords (keywordInName) must find exactly what the same
// rule finds scanning every line left to right; a copy without the flag is the reference.
const anchored = compileRuleSet(BUILTIN_RULES)
const fullScan = compileRuleSet(
  BUILTIN_RULES.map((rule): Rule => {
    if (!rule.keywordInName) return rule
    const { keywordInName: _anchor, ...plain } = rule
    return plain
  }),
)

// Values assembled at run time: random-looking, no real credential in this file.
const V = ['Zq8R', '2mVt', '5Kc9', 'Lw3N', 'x7Pb'].join('')
const W = ['Hd6F', 'j4Gs', '0Tq2', 'Ym8e'].join('')
const minified = Array.from({ length: 400 }, (_, i) => `a${i}=b${i},c${i}:"d${i}"`).join(';')

describe('generic rule anchored at its keywords', () => {
  it.each([
    ['plain assignment', `const apiToken = "${V}"\n`],
    ['several on a line', `x=1;apiKey="${V}";y=2;secretValue='${W}';z=3\n`],
    ['nested assignment in a rejected value', `client = Client(api_key='${V}')\n`],
    ['keyword in a value, not a name', `label = "token=${V}"\n`],
    ['accepted match covering another name', `password = "x${V}token=${W}"\n`],
    ['name longer than 81 characters', `${'a'.repeat(90)}_token = "${V}"\n`],
    ['name of exactly 81 characters', `${'a'.repeat(75)}_token = "${V}"\n`],
    ['name starting after @ and -', `@auth_key=${V} -token=${W} x-secret=${V}\n`],
    ['dotted and dollar names', `config.db.password = '${V}'; $secret_key = "${W}"\n`],
    ['Dockerfile ENV', `ENV API_TOKEN ${V}\nARG DB_PASSWORD ${W}\n`],
    ['dash separator in notes', `deploy token - '${V}'\n`],
    [
      'minified line with secrets among thousands of assignments',
      `${minified};var authToken="${V}";${minified}\n`,
    ],
    ['secrets:allow marker', `token = "${V}" // secrets:allow\n`],
    ['two keywords in one name', `secret_token_key = "${V}"\n`],
    ['call wrapper', `password = str("${W}")\n`],
    ['non-ASCII window (full scan fallback)', `ключ = 1; api_token = "${V}"\n`],
    ['keyword at the start of the text', `token=${V}`],
    ['uppercase keyword', `MY_API_KEY: "${V}"\n`],
    ['config lines of a name and a value', `api_token ${V}\n  $db_password ${W}\nx upstream_token ${V}\n`],
    ['setter call and C macro', `client.setApiKey("${V}")\n#define AUTH_TOKEN "${W}"\n`],
  ])('%s', (_name, text) => {
    const bytes = Buffer.from(text)
    expect(scanBytes(bytes, 'config/app.env', anchored)).toEqual(scanBytes(bytes, 'config/app.env', fullScan))
    expect(scanBytes(bytes, 'src/app.ts', anchored)).toEqual(scanBytes(bytes, 'src/app.ts', fullScan))
  })

  it('finds the secret on a minified line', () => {
    const found = scanBytes(
      Buffer.from(`${minified};var authToken="${V}";${minified}\n`),
      'dist/app.min.js',
      anchored,
    )
    expect(found.map((f) => f.secret)).toEqual([V])
  })
})

describe('keyword index: hits in automaton order at every stage', () => {
  // By end offset, then the longest keyword first, then list order for equal keywords.
  it.each([
    [
      'suffixes end together',
      ['key', 'secret_key', 'cret_key'],
      'a secret_key',
      [
        [1, 12],
        [2, 12],
        [0, 12],
      ],
    ],
    [
      'equal keywords keep list order',
      ['tok', 'pass', 'tok'],
      'tok pass',
      [
        [0, 3],
        [2, 3],
        [1, 8],
      ],
    ],
    [
      'overlapping occurrences',
      ['aa', 'a'],
      'aaa',
      [
        [1, 1],
        [0, 2],
        [1, 2],
        [0, 3],
        [1, 3],
      ],
    ],
  ])('%s', (_name, keywords, text, expected) => {
    for (const warmUp of [0, 16 * 1024, 512 * 1024]) {
      const index = buildKeywordIndex(keywords)
      if (warmUp > 0) index.search(Buffer.alloc(warmUp, 0x20), () => undefined)
      const hits: number[][] = []
      index.search(Buffer.from(text), (k, end) => hits.push([k, end]))
      expect(hits, `after ${warmUp} bytes`).toEqual(expected)
    }
  })
})

describe('keyword index: indexOf stage, trie walk and dense table agree', () => {
  const keywords = [...new Set(BUILTIN_RULES.flatMap((r) => r.keywords.map((k) => k.toLowerCase())))]
  const hitsOf = (index: ReturnType<typeof buildKeywordIndex>, bytes: Buffer) => {
    const hits: [number, number][] = []
    index.search(bytes, (k, end) => hits.push([k, end]))
    return hits
  }
  it.each([
    ['assignments', `const apiToken = "${V}"; password: x; AKIA ghp_ xoxb- sk_live_ -----BEGIN`],
    ['overlapping keywords', 'passwordpasswdsecretkeysecret_keytokentokens'],
    ['upper case', 'PASSWORD TOKEN Secret_Key AUTHORIZATION: Bearer'],
    ['no keyword', 'lorem ipsum dolor sit amet'],
    ['outside ASCII', 'PÄSSWORD passwörd ÀKIA İTOKEN tokenß Secret\u212aey ключ_token'],
    ['one keyword inside another, repeated', 'tokentokentoken secretsecret passpasswordpass'],
  ])('%s', (_name, text) => {
    const small = buildKeywordIndex(keywords)
    const middle = buildKeywordIndex(keywords)
    const large = buildKeywordIndex(keywords)
    // Past the indexOf stage's few KB: the second index walks its trie; past the trie walk's
    // budget: the third switches to its dense table.
    middle.search(Buffer.alloc(16 * 1024, 0x61), () => undefined)
    large.search(Buffer.alloc(512 * 1024, 0x61), () => undefined)
    const bytes = Buffer.from(text)
    const expected = hitsOf(small, bytes)
    expect(hitsOf(middle, bytes)).toEqual(expected)
    expect(hitsOf(large, bytes)).toEqual(expected)
    // And both find every occurrence of every keyword (case-insensitive).
    // The reference works on the UTF-8 bytes (one latin1 character each), ASCII letters folded.
    const lower = bytes.toString('latin1').replace(/[A-Z]/g, (c) => c.toLowerCase())
    const naive: [number, number][] = []
    keywords.forEach((k, id) => {
      for (let i = lower.indexOf(k); i !== -1; i = lower.indexOf(k, i + 1)) naive.push([id, i + k.length])
    })
    const sort = (a: [number, number][]) => [...a].sort((x, y) => x[1] - y[1] || x[0] - y[0])
    expect(sort(expected)).toEqual(sort(naive))
  })
})

describe('token start: one negative lookbehind, the positions of "boundary or escape"', () => {
  // The reference: not after a token character, or right after a JSON or percent escape.
  const reference = new RegExp(
    String.raw`(?:(?<![A-Za-z0-9_])|(?<=\\[nrt]|\\u00[0-9A-Fa-f]{2}|%[0-9A-Fa-f]{2}))tok`,
    'g',
  )
  const start = new RegExp(`${START}tok`, 'g')
  const before = [
    '',
    ' ',
    '"',
    '=',
    'x',
    '_',
    '9',
    '\\n',
    '\\t',
    '\\r',
    '\\x',
    '\\\\n',
    'n',
    '\\u0022',
    '\\u00',
    '\\u002',
    '%22',
    '%3D',
    '%3d',
    '%2',
    'a%22',
    'a\\n',
  ]
  it.each(before)('after %j', (prefix) => {
    const text = `${prefix}tok ${prefix}tokx`
    const at = (re: RegExp) => [...text.matchAll(re)].map((m) => m.index)
    expect(at(start)).toEqual(at(reference))
  })
})
