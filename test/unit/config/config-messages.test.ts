import { describe, expect, it } from 'vitest'
import { parseProjectConfig } from '../../../src/core/config/index.js'
import { jsonErrorLocation } from '../../../src/shared/json.js'

/**
 * Issue 23 (15 and "Also"): a mistyped config key gets did-you-mean ("path" → "paths"), and
 * invalid JSON is reported as file:line:column. Before: the list of keys only, and Node's
 * "at position 18".
 */
const FILE = '/repo/.secretsrc.json'
const failure = (raw: string) => {
  try {
    parseProjectConfig(raw, FILE)
  } catch (error) {
    return error as { message: string; hint?: string }
  }
  throw new Error('expected a failure')
}

describe('config keys', () => {
  it.each([
    ['{"path": ["/a"]}', 'Did you mean "paths"?'],
    ['{"envFile": [".env"]}', 'Did you mean "envFiles"?'],
    ['{"environments": {"dev": {"profil": "x"}}}', 'Did you mean "profile"?'],
  ])('%s', (raw, hint) => expect(failure(raw).hint).toContain(hint))

  it('a key close to nothing gets no guess', () =>
    expect(failure('{"zzzzzzzz": 1}').hint).toBe(`Fix "zzzzzzzz" in ${FILE}.`))
})

describe('invalid JSON as file:line:column', () => {
  it('names the line and column', () => {
    const error = failure('{\n  "paths": ["/a"],\n  "store" "ssm"\n}')
    expect(error.message).toMatch(new RegExp(`^${FILE}:3:11 is not valid JSON: `))
    expect(error.message).not.toContain('position')
  })

  it.each<[string, string, string | undefined]>([
    ['{\n"a" 1}', 'Unexpected number in JSON at position 6', '2:5'],
    ['{"a":', 'Unexpected end of JSON input', '1:6'],
    ['x', 'Unexpected token \'x\', "x" is not valid JSON (line 1 column 1)', '1:1'],
    ['x', 'something else', undefined],
  ])('%j / %s', (text, message, at) => expect(jsonErrorLocation(text, new SyntaxError(message))).toBe(at))
})
