import { describe, expect, it } from 'vitest'
import { formatColumns } from '../../../src/shared/table.js'

/** Issue 23: `whoami` drops the FIELD VALUE header; key lists stay in columns. */
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
})
