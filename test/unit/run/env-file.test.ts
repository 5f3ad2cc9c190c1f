import { parse } from 'dotenv'
import { describe, expect, it } from 'vitest'
import { parseEnvFile, parseReference, unparsedEnvLines } from '../../../src/core/run/index.js'

describe('parseReference', () => {
  it.each([
    ['ssm:/app/dev/db', { store: 'ssm', path: '/app/dev/db' }],
    ['local:/a/b', { store: 'local', path: '/a/b' }],
    ['plain', undefined],
    ['ssm:relative', undefined],
    ['https://example.com/x', undefined],
    ['vault:/a', undefined],
  ])('%s', (value, expected) => {
    expect(parseReference(value)).toEqual(expected)
  })

  it('rejects a reference to an invalid path', () => {
    expect(() => parseEnvFile('A=ssm:/bad path', '.env', parse)).toThrow(/\.env: A refers to an invalid path/)
  })
})

describe('parseEnvFile', () => {
  it('parses dotenv syntax: quotes, comments, multiline, references', () => {
    const text = [
      '# comment',
      'PLAIN=value',
      'QUOTED="with spaces and = sign"',
      'export EXPORTED=yes',
      'MULTI="line1\\nline2"',
      'REF=ssm:/app/dev/db/password',
      "SINGLE='raw $HOME'",
    ].join('\n')
    expect(parseEnvFile(text, '/p/.env', parse)).toEqual([
      { name: 'PLAIN', file: '/p/.env', value: 'value' },
      { name: 'QUOTED', file: '/p/.env', value: 'with spaces and = sign' },
      { name: 'EXPORTED', file: '/p/.env', value: 'yes' },
      { name: 'MULTI', file: '/p/.env', value: 'line1\nline2' },
      { name: 'REF', file: '/p/.env', reference: { store: 'ssm', path: '/app/dev/db/password' } },
      { name: 'SINGLE', file: '/p/.env', value: 'raw $HOME' },
    ])
  })
})

describe('dotenv lines that do not parse are reported as file:line (issue 23, Also)', () => {
  it.each<[string, string, number[]]>([
    ['plain assignments, comments, blanks', 'A=1\n# c\n\nexport B=2\nC: 3\n', []],
    ['a stray line', 'A=1\nthis is not an assignment\nB=2\n', [2]],
    ['a value on its own, after a typo', 'A=1\nB 2\n', [2]],
    ['a multi-line quoted value is one entry', 'KEY="-----BEGIN\nabc\n-----END"\nB=2\n', []],
  ])('%s', (_name, text, lines) => expect(unparsedEnvLines(text)).toEqual(lines))

  it('parseEnvFile refuses, naming file:line and never the line', () => {
    const text = 'A=1\nhunter2-not-an-assignment\n'
    expect(() => parseEnvFile(text, '/p/.env', () => ({ A: '1' }))).toThrow(
      '/p/.env:2: not a NAME=value line (dotenv would drop it).',
    )
    try {
      parseEnvFile(text, '/p/.env', () => ({ A: '1' }))
    } catch (error) {
      expect(
        JSON.stringify({ m: (error as Error).message, h: (error as { hint?: string }).hint }),
      ).not.toContain('hunter2')
    }
  })
})
