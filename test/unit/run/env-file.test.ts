import { parse } from 'dotenv'
import { describe, expect, it } from 'vitest'
import { parseEnvFile, parseReference } from '../../../src/core/run/index.js'

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
