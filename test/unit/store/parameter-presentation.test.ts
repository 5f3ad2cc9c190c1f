import { describe, expect, it } from 'vitest'
import {
  formatAge,
  presentHistory,
  presentParameter,
  presentParameterList,
  type Parameter,
  type Presentation,
} from '../../../src/core/store/index.js'

const SECRET = 'a-much-longer-secret-value-1234'
const parameter = (over: Partial<Parameter> = {}): Parameter => ({
  path: '/app/x',
  value: SECRET,
  version: 2,
  lastModified: new Date('2026-01-02T03:04:05.000Z'),
  type: 'SecureString',
  ...over,
})
const JSON_VIEW =
  '{"path":"/app/x","version":2,"lastModified":"2026-01-02T03:04:05.000Z","type":"SecureString","value":"****1234"}\n'
const MASKED_NOTE = '(version 2; masked on a terminal: pipe it, or add --reveal)'

describe('presentParameter', () => {
  it.each<[string, { stdoutIsTerminal: boolean; reveal: boolean; json: boolean }, Presentation]>([
    ['pipe: the value', { stdoutIsTerminal: false, reveal: false, json: false }, { stdout: `${SECRET}\n` }],
    [
      'pipe + --reveal: the value',
      { stdoutIsTerminal: false, reveal: true, json: false },
      { stdout: `${SECRET}\n` },
    ],
    [
      'terminal: masked, with a note',
      { stdoutIsTerminal: true, reveal: false, json: false },
      { stdout: '****1234\n', note: MASKED_NOTE },
    ],
    [
      'terminal + --reveal: the value',
      { stdoutIsTerminal: true, reveal: true, json: false },
      { stdout: `${SECRET}\n` },
    ],
    [
      'pipe + --json: masked metadata',
      { stdoutIsTerminal: false, reveal: false, json: true },
      { stdout: JSON_VIEW },
    ],
    [
      'terminal + --json: masked metadata',
      { stdoutIsTerminal: true, reveal: false, json: true },
      { stdout: JSON_VIEW },
    ],
    [
      '--json --reveal: still masked',
      { stdoutIsTerminal: false, reveal: true, json: true },
      { stdout: JSON_VIEW },
    ],
    [
      'terminal --json --reveal: still masked',
      { stdoutIsTerminal: true, reveal: true, json: true },
      { stdout: JSON_VIEW },
    ],
  ])('%s', (_name, options, expected) => {
    expect(presentParameter(parameter(), options)).toEqual(expected)
  })

  it('keeps a trailing newline of the value (the output is exact bytes)', () => {
    const shown = presentParameter(parameter({ value: 'line\n' }), {
      stdoutIsTerminal: false,
      reveal: false,
      json: false,
    })
    expect(shown.stdout).toBe('line\n\n')
  })

  it('masks short values entirely on a terminal', () => {
    const shown = presentParameter(parameter({ value: 'short', version: 1 }), {
      stdoutIsTerminal: true,
      reveal: false,
      json: false,
    })
    expect(shown).toEqual({
      stdout: '****\n',
      note: '(version 1; masked on a terminal: pipe it, or add --reveal)',
    })
  })
})

describe('presentParameterList', () => {
  const b = parameter({ path: '/app/y', value: 'plain', version: 1, type: 'String' })
  const a = parameter()

  it.each<[string, Parameter[], boolean, Presentation]>([
    [
      'empty, text: a note and no result',
      [],
      false,
      { stdout: '', note: 'No parameters under /app in the local store.' },
    ],
    ['empty, --json: an empty array', [], true, { stdout: '[]\n' }],
    [
      'text: a table sorted by path, values masked',
      [b, a],
      false,
      {
        stdout:
          'PATH    VERSION  MODIFIED                  VALUE\n' +
          '/app/x  2        2026-01-02T03:04:05.000Z  ****1234\n' +
          '/app/y  1        2026-01-02T03:04:05.000Z  ****\n',
      },
    ],
    [
      '--json: an array sorted by path, values masked',
      [b, a],
      true,
      {
        stdout:
          '[{"path":"/app/x","version":2,"lastModified":"2026-01-02T03:04:05.000Z","type":"SecureString","value":"****1234"},' +
          '{"path":"/app/y","version":1,"lastModified":"2026-01-02T03:04:05.000Z","type":"String","value":"****"}]\n',
      },
    ],
  ])('%s', (_name, parameters, json, expected) => {
    const shown = presentParameterList(parameters, { prefix: '/app', kind: 'local', json })
    expect(shown).toEqual(expected)
    expect(shown.stdout).not.toContain(SECRET)
    expect(shown.stdout).not.toContain('plain')
  })
})

describe('presentHistory', () => {
  const versions = [parameter({ version: 1, value: 'first' }), parameter({ labels: ['prod', 'canary'] })]

  it.each<[string, boolean, string]>([
    [
      'text: a table, oldest first, labels shown, values masked',
      false,
      'VERSION  MODIFIED                  AGE     BY  TYPE          LABELS       VALUE\n' +
        '1        2026-01-02T03:04:05.000Z  3m ago  -   SecureString               ****\n' +
        '2        2026-01-02T03:04:05.000Z  3m ago  -   SecureString  prod,canary  ****1234\n',
    ],
    [
      '--json: an array, oldest first, values masked',
      true,
      '[{"path":"/app/x","version":1,"lastModified":"2026-01-02T03:04:05.000Z","type":"SecureString","value":"****","modifiedBy":null},' +
        '{"path":"/app/x","version":2,"lastModified":"2026-01-02T03:04:05.000Z","type":"SecureString","value":"****1234","labels":["prod","canary"],"modifiedBy":null}]\n',
    ],
  ])('%s', (_name, json, stdout) => {
    const shown = presentHistory(versions, { json, now: new Date('2026-01-02T03:07:05.000Z') })
    expect(shown).toEqual({ stdout })
    expect(shown.stdout).not.toContain(SECRET)
    expect(shown.stdout).not.toContain('first')
  })
})

describe('list and history: pipes, --reveal, who and when (issue 23, Also)', () => {
  const secure = parameter()
  const plain = parameter({ path: '/app/y', value: 'plain-region', version: 1, type: 'String' })

  it('into a pipe, list prints rows without a header', () => {
    const shown = presentParameterList([secure], {
      prefix: '/app',
      kind: 'local',
      json: false,
      stdoutIsTerminal: false,
    })
    expect(shown.stdout).toBe('/app/x  2  2026-01-02T03:04:05.000Z  ****1234\n')
  })

  it('--reveal shows String parameters in full, never a SecureString', () => {
    const shown = presentParameterList([secure, plain], {
      prefix: '/app',
      kind: 'local',
      json: false,
      reveal: true,
    })
    expect(shown.stdout).toContain('plain-region')
    expect(shown.stdout).not.toContain(SECRET)
    const masked = presentParameterList([plain], { prefix: '/app', kind: 'local', json: false })
    expect(masked.stdout).not.toContain('plain-region')
  })

  it('history names who changed each version (LastModifiedUser)', () => {
    const by = parameter({ modifiedBy: 'arn:aws:sts::123456789012:assumed-role/Developer/alice' })
    const shown = presentHistory([by], { json: false, now: new Date('2026-01-02T05:04:05.000Z') })
    expect(shown.stdout).toContain('2h ago')
    expect(shown.stdout).toContain('arn:aws:sts::123456789012:assumed-role/Developer/alice')
  })

  it.each([
    [0, 'just now'],
    [90_000, '1m ago'],
  ])('formatAge %i ms → %s', (ms, text) => expect(formatAge(new Date(0), new Date(ms))).toBe(text))
})
