import { describe, expect, it } from 'vitest'
import {
  EMPTY_POLICY,
  rotateParameter,
  rotateTarget,
  runExecCommand,
  type ExecRunner,
} from '../../../src/core/rotate/index.js'
import type { Parameter, ParameterStore } from '../../../src/core/store/index.js'
import { SecretsError } from '../../../src/shared/errors.js'
import { silentHumanOutput } from '../../../src/shared/human-output.js'

const OLD = 'the-old-value-0001'

/** An in-memory store with one parameter; `failPut` makes writes fail like an unreachable SSM. */
function memoryStore(failPut = false) {
  const versions: Parameter[] = [
    { path: '/app/x', value: OLD, version: 1, lastModified: new Date(), type: 'String' },
  ]
  const store: ParameterStore = {
    kind: 'ssm',
    get: async (path) => versions.filter((p) => p.path === path).at(-1),
    getByPath: async () => versions,
    put: async (path, value, options) => {
      if (failPut) throw new Error(`ParameterStore unreachable while writing ${path}`)
      const version = versions.length + 1
      versions.push({ path, value, version, lastModified: new Date(), type: options?.type ?? 'SecureString' })
      return { version }
    },
    history: async () => versions,
    getSelected: async () => [],
    label: async () => ({ found: false }),
    delete: async () => false,
  }
  return { store, versions }
}

const run = (store: ParameterStore, runExec?: ExecRunner, exec?: string) =>
  rotateParameter(
    { path: '/app/x', policy: EMPTY_POLICY, ...(exec ? { exec } : {}) },
    { store, env: {}, human: silentHumanOutput(), ...(runExec ? { runExec } : {}) },
  )

describe('rotateParameter', () => {
  it('keeps the parameter type and returns no value', async () => {
    const { store, versions } = memoryStore()
    const result = await run(store)
    expect(result).toEqual({
      path: '/app/x',
      store: 'ssm',
      previousVersion: 1,
      version: 2,
      length: 32,
      charset: 'alnum',
    })
    expect(versions[1]?.type).toBe('String')
  })

  it.each<[string, ExecRunner, boolean, number, string, RegExp]>([
    [
      'exits non-zero',
      async () => ({ exitCode: 2 }),
      false,
      4,
      'ExecFailed',
      /exited with 2.*Nothing was written/,
    ],
    [
      'is killed',
      async () => ({ exitCode: 143, signal: 'SIGTERM' }),
      false,
      4,
      'ExecFailed',
      /was killed by SIGTERM/,
    ],
    [
      'cannot start',
      async () => Promise.reject(new Error('spawn /bin/sh ENOENT')),
      false,
      5,
      'ExecFailed',
      /Could not start/,
    ],
    [
      'succeeds but the write fails',
      async () => ({ exitCode: 0 }),
      true,
      4,
      'WriteAfterExecFailed',
      /applied a new value, but writing it to \/app\/x failed/,
    ],
  ])('when the exec command %s', async (_n, runner, failPut, exitCode, code, message) => {
    const { store, versions } = memoryStore(failPut)
    let applied = ''
    const spy: ExecRunner = async (input, output) => {
      applied = input.newValue
      return runner(input, output)
    }
    const error = await run(store, spy, 'apply').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SecretsError)
    expect({ exit: (error as SecretsError).exitCode, code: (error as SecretsError).code }).toEqual({
      exit: exitCode,
      code,
    })
    expect((error as SecretsError).message).toMatch(message)
    expect(versions).toHaveLength(1)
    const text = `${(error as SecretsError).message} ${(error as SecretsError).hint}`
    expect(text).not.toContain(applied)
    expect(text).not.toContain(OLD)
  })
})

describe('runExecCommand', () => {
  const values = { oldValue: 'old-secret-value-1234', newValue: 'new-secret-value-5678', path: '/app/x' }

  it('passes the values in the environment and masks them in the relayed output', async () => {
    const lines: string[] = []
    const result = await runExecCommand(
      {
        command:
          'printf "%s|%s|%s\\n" "$SECRETS_OLD_VALUE" "$SECRETS_NEW_VALUE" "$SECRETS_ROTATE_PATH"; printf "no newline %s" "$SECRETS_NEW_VALUE" >&2',
        env: { PATH: process.env.PATH ?? '' },
        ...values,
      },
      (line) => lines.push(line),
    )
    expect(result).toEqual({ exitCode: 0 })
    expect(lines.sort()).toEqual(['****1234|****5678|/app/x', 'no newline ****5678'])
  })

  it('masks a value split across output chunks', async () => {
    const lines: string[] = []
    const command = `node -e 'const v=process.env.SECRETS_NEW_VALUE; process.stdout.write(v.slice(0,5)); setTimeout(()=>process.stdout.write(v.slice(5)+"\\n"),50)'`
    await runExecCommand({ command, env: { PATH: process.env.PATH ?? '' }, ...values }, (l) => lines.push(l))
    expect(lines).toEqual(['****5678'])
  })

  it.each([
    ['exit 7', { exitCode: 7 }],
    ['kill -TERM $$', { exitCode: 143, signal: 'SIGTERM' }],
    ['no-such-command-xyz 2>/dev/null', { exitCode: 127 }],
  ])('reports %s', async (command, expected) => {
    expect(
      await runExecCommand({ command, env: { PATH: process.env.PATH ?? '' }, ...values }, () => {}),
    ).toEqual(expected)
  })
})

describe('rotateTarget: exactly one of PATH or --check', () => {
  it.each<[string | undefined, boolean, unknown]>([
    ['/app/x', false, { check: false, path: '/app/x' }],
    [undefined, true, { check: true }],
    ['', true, { check: true }],
    [undefined, false, /Give either a PATH to rotate or --check/],
    ['/app/x', true, /Give either a PATH to rotate or --check/],
    ['app/x', false, SecretsError],
  ])('%j with --check=%s', (path, check, expected) => {
    if (expected instanceof RegExp || typeof expected === 'function')
      expect(() => rotateTarget(path, check)).toThrow(expected as RegExp)
    else expect(rotateTarget(path, check)).toEqual(expected)
  })
})
