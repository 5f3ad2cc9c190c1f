import { describe, expect, it } from 'vitest'
import {
  deleteExistingParameter,
  getExistingHistory,
  getExistingParameter,
  nearestPaths,
  parameterNotFound,
  type Parameter,
  type ParameterStore,
} from '../../../src/core/store/index.js'
import { ExitCode, UsageError } from '../../../src/shared/errors.js'

/** An in-memory store holding at most one parameter, enough for the "must exist" reads. */
function storeWith(parameter?: Parameter): ParameterStore {
  let current = parameter
  return {
    kind: 'local',
    getByPath: async () => (current ? [current] : []),
    get: async (path) => (current?.path === path ? current : undefined),
    put: async () => ({ version: 1 }),
    history: async (path) => (current?.path === path ? [current] : []),
    getSelected: async () => [],
    label: async () => ({ found: false }),
    delete: async (path) => {
      const had = current?.path === path
      if (had) current = undefined
      return had
    },
  }
}

const x: Parameter = {
  path: '/app/x',
  value: 'secret-value',
  version: 1,
  lastModified: new Date('2026-01-01T00:00:00Z'),
  type: 'SecureString',
}

describe('parameterNotFound', () => {
  it.each<[string, Parameters<typeof parameterNotFound>[2], string, string | undefined]>([
    ['no options', undefined, 'No parameter /a/b in the ssm store.', undefined],
    ['a hint', { hint: 'See `secrets list`.' }, 'No parameter /a/b in the ssm store.', 'See `secrets list`.'],
    ['a purpose', { purpose: 'to rotate' }, 'No parameter /a/b in the ssm store to rotate.', undefined],
  ])('with %s', (_name, options, message, hint) => {
    const error = parameterNotFound('/a/b', 'ssm', options)
    expect(error).toBeInstanceOf(UsageError)
    expect(error.message).toBe(message)
    expect(error.hint).toBe(hint)
    expect(error.code).toBe('ParameterNotFound')
    expect(error.exitCode).toBe(ExitCode.usage)
  })
})

describe('the must-exist store operations', () => {
  it('return what is there', async () => {
    expect(await getExistingParameter(storeWith(x), '/app/x')).toBe(x)
    expect(await getExistingHistory(storeWith(x), '/app/x')).toEqual([x])
    const store = storeWith(x)
    await deleteExistingParameter(store, '/app/x')
    expect(await store.get('/app/x')).toBeUndefined()
  })

  it.each<[string, (s: ParameterStore) => Promise<unknown>, string | undefined]>([
    [
      'get (pointing at `secrets list`)',
      (s) => getExistingParameter(s, '/app/y'),
      'See `secrets list /app`.',
    ],
    ['history', (s) => getExistingHistory(s, '/app/y'), 'See `secrets list /app`.'],
    ['delete (a next: line too)', (s) => deleteExistingParameter(s, '/app/y'), 'See `secrets list /app`.'],
  ])('%s fails with ParameterNotFound for a missing path', async (_name, operation, hint) => {
    const error = await operation(storeWith(x)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UsageError)
    expect(error).toMatchObject({
      message: 'No parameter /app/y in the local store.',
      hint,
      code: 'ParameterNotFound',
      exitCode: 2,
    })
  })
})

describe("did-you-mean on the store's own paths", () => {
  const at = (path: string): Parameter => ({ ...x, path })
  it.each<[string, string, string[], string[]]>([
    [
      'a typo in the name',
      '/myapp/dev/db/pasword',
      ['/myapp/dev/db/password', '/myapp/dev/db/user'],
      ['/myapp/dev/db/password'],
    ],
    [
      'a mistyped --path (prefixes at its depth)',
      '/myapp/dve',
      ['/myapp/dev/db/password', '/myapp/prod/x'],
      ['/myapp/dev'],
    ],
    ['nothing close', '/other/zzzzzz', ['/myapp/dev/db/password'], []],
    ['a short name is never "corrected"', '/app/y', ['/app/x'], []],
  ])('%s', (_name, wanted, known, expected) => expect(nearestPaths(wanted, known)).toEqual(expected))

  it('get names the closest parameter in its hint, never a value', async () => {
    const store = storeWith(at('/myapp/dev/db/password'))
    const error = await getExistingParameter(store, '/myapp/dev/db/pasword').catch((e: unknown) => e)
    expect((error as UsageError).hint).toBe(
      'Did you mean /myapp/dev/db/password? (`secrets list /myapp/dev/db` shows what is there.)',
    )
    expect(JSON.stringify(error)).not.toContain(x.value)
  })
})
