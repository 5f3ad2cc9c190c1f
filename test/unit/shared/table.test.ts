import { describe, expect, it } from 'vitest'
import { columnLines, displayWidth, formatColumns, formatTable } from '../../../src/shared/table.js'

/**
 * Issue 23.19: every key list in columns. One formatter for all of them (list, history,
 * whoami, audit, rotate --check, run --explain, pin --check, doctor, scan findings and
 * --list-rules, imds trigger, policy --explain), aligned by terminal width: before, cells were
 * padded by UTF-16 length, so a CJK or emoji cell pushed the next column right by one per
 * wide character, and ANSI colour codes by their escape bytes.
 */
describe('displayWidth', () => {
  it.each<[string, number]>([
    ['', 0],
    ['abc', 3],
    ['日本語', 6],
    ['ｆｕｌｌ', 8],
    ['café', 4],
    ['cafe\u0301', 4],
    ['😀', 2],
    ['\u001B[1;31mred\u001B[0m', 3],
    ['Ärger', 5],
  ])('%j → %d', (text, width) => expect(displayWidth(text)).toBe(width))
})

describe('formatColumns', () => {
  it('aligns rows without a header line', () => {
    expect(
      formatColumns([
        ['Identity', 'x'],
        ['Credentials expire', 'y'],
      ]),
    ).toBe('Identity            x\nCredentials expire  y')
  })
  it('nothing for no rows', () => expect(formatColumns([])).toBe(''))

  it.each<[string, string[][], string[]]>([
    [
      'wide (CJK) cells',
      [
        ['/app/日本', 'ok', 'end'],
        ['/app/abcdef', 'no', 'end'],
      ],
      ['/app/日本    ok  end', '/app/abcdef  no  end'],
    ],
    [
      'emoji',
      [
        ['😀', 'a'],
        ['xyz', 'b'],
      ],
      ['😀   a', 'xyz  b'],
    ],
    [
      'coloured cells (ANSI codes take no column)',
      [
        ['\u001B[31mab\u001B[0m', 'x'],
        ['abcd', 'y'],
      ],
      ['\u001B[31mab\u001B[0m    x', 'abcd  y'],
    ],
    [
      'the last cell of a row is never padded, nor does it widen its column',
      [
        ['a', 'very-long-last-cell'],
        ['bb', 'c', 'd'],
      ],
      ['a   very-long-last-cell', 'bb  c  d'],
    ],
    [
      'trailing spaces are trimmed',
      [
        ['a', ''],
        ['bbb', ''],
      ],
      ['a', 'bbb'],
    ],
  ])('%s', (_name, rows, lines) => {
    expect(columnLines(rows)).toEqual(lines)
    expect(formatColumns(rows)).toBe(lines.join('\n'))
  })
})

describe('formatTable', () => {
  it('the header is the first aligned row', () => {
    expect(formatTable(['PATH', 'VALUE'], [['/a/日本語', 'x']])).toBe('PATH       VALUE\n/a/日本語  x')
  })
})
