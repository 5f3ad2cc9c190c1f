import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { KeychainItem, openKeychain, type Keychain } from '../../../src/core/keychain/index.js'
import { addAccessKey, readStoredAccessKey } from '../../../src/core/identity/index.js'
import { rotateAwsKey, type AwsKeySteps } from '../../../src/core/rotate/index.js'
import { LocalEnvError, SecretsError } from '../../../src/shared/errors.js'
import { tempHome, type TempHome } from '../../helpers/cli.js'
import { motoEnv } from '../../helpers/moto.js'
import { callerArn, createUserWithKey, listKeys } from './iam-fixture.js'

const moto = inject('motoUrl')
const saved = { ...process.env }
const homes: TempHome[] = []

beforeAll(() => {
  // The executor's SDK clients resolve the endpoint from the process environment, like the CLI's.
  Object.assign(process.env, { AWS_ENDPOINT_URL: moto, AWS_EC2_METADATA_DISABLED: 'true' })
})
afterAll(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
  Object.assign(process.env, saved)
  for (const home of homes) home.remove()
})

const invalidToken = () =>
  Object.assign(new Error('The security token included in the request is invalid.'), {
    name: 'InvalidClientTokenId',
  })
const boom = (what: string) => Object.assign(new Error(`injected fault: ${what}`), { name: 'ServiceFailure' })

interface Scenario {
  name: string
  wrap: (s: AwsKeySteps, seen: { newKeyId?: string; verifyAttempts: number }) => AwsKeySteps
  exitCode: number | 0
  code?: string
  message?: RegExp
  stored: 'old' | 'new'
  iam: (ids: { old: string; new?: string }) => Record<string, string>
}

const scenarios: Scenario[] = [
  {
    name: 'happy path',
    wrap: (s) => s,
    exitCode: 0,
    stored: 'new',
    iam: (ids) => ({ [ids.new!]: 'Active' }),
  },
  {
    name: 'create fails',
    wrap: (s) => ({ ...s, createKey: async () => Promise.reject(boom('create')) }),
    exitCode: 4,
    code: 'RotateFailed',
    message: /failed at step "create the new key.*Nothing was changed/,
    stored: 'old',
    iam: (ids) => ({ [ids.old]: 'Active' }),
  },
  {
    name: 'verification never succeeds',
    wrap: (s, seen) => ({
      ...s,
      verifyKey: async () => {
        seen.verifyAttempts++
        throw invalidToken()
      },
    }),
    exitCode: 4,
    code: 'RotateFailed',
    message: /failed at step "verify the new key.*Rolled back: the new key AKIA\w+ was deleted/,
    stored: 'old',
    iam: (ids) => ({ [ids.old]: 'Active' }),
  },
  {
    name: 'verification succeeds after IAM propagation',
    wrap: (s, seen) => ({
      ...s,
      verifyKey: async (key) => {
        if (++seen.verifyAttempts < 3) throw invalidToken()
        return s.verifyKey(key)
      },
    }),
    exitCode: 0,
    stored: 'new',
    iam: (ids) => ({ [ids.new!]: 'Active' }),
  },
  {
    name: 'keychain write fails',
    wrap: (s) => ({
      ...s,
      storeKey: async () => Promise.reject(new LocalEnvError('injected fault: keychain write')),
    }),
    exitCode: 5,
    code: 'RotateFailed',
    message: /failed at step "store the new key in the keychain".*Rolled back/,
    stored: 'old',
    iam: (ids) => ({ [ids.old]: 'Active' }),
  },
  {
    name: 'keychain write lands but reports an error',
    wrap: (s) => ({
      ...s,
      storeKey: async (profile, item) => {
        await s.storeKey(profile, item)
        throw new LocalEnvError('injected fault: after the write')
      },
    }),
    exitCode: 0,
    stored: 'new',
    iam: (ids) => ({ [ids.new!]: 'Active' }),
  },
  {
    name: 'keychain write fails and cannot be read back',
    wrap: (s) => ({
      ...s,
      storeKey: async () => Promise.reject(new LocalEnvError('injected fault: keychain write')),
      readStoredKey: (() => {
        let calls = 0
        // The first read (before rotation) works; the read-back after the failed write does not.
        return async (profile: string) =>
          calls++ === 0 ? s.readStoredKey(profile) : Promise.reject(new LocalEnvError('locked'))
      })(),
    }),
    exitCode: 5,
    code: 'RotateKeychainUnknown',
    message: /both the old key AKIA\w+ and the new key AKIA\w+ were left active/,
    stored: 'old',
    iam: (ids) => ({ [ids.old]: 'Active', [ids.new!]: 'Active' }),
  },
  {
    name: 'rollback delete fails too',
    wrap: (s) => ({
      ...s,
      verifyKey: async () => Promise.reject(boom('verify')),
      deleteKey: async () => Promise.reject(boom('delete')),
    }),
    exitCode: 4,
    code: 'RotateRollbackIncomplete',
    message: /deleting the new key AKIA\w+ also failed/,
    stored: 'old',
    iam: (ids) => ({ [ids.old]: 'Active', [ids.new!]: 'Active' }),
  },
  {
    name: 'deactivate fails',
    wrap: (s) => ({ ...s, deactivateKey: async () => Promise.reject(boom('deactivate')) }),
    exitCode: 4,
    code: 'OldKeyStillActive',
    message: /new key AKIA\w+ is verified and stored .* old key AKIA\w+ is still Active/,
    stored: 'new',
    iam: (ids) => ({ [ids.old]: 'Active', [ids.new!]: 'Active' }),
  },
  {
    name: 'delete fails',
    wrap: (s) => ({ ...s, deleteKey: async () => Promise.reject(boom('delete')) }),
    exitCode: 4,
    code: 'OldKeyNotDeleted',
    message: /old key AKIA\w+ is Inactive but not deleted/,
    stored: 'new',
    iam: (ids) => ({ [ids.old]: 'Inactive', [ids.new!]: 'Active' }),
  },
]

describe.each(['file', 'os'] as const)('rotateAwsKey with a fault injected, %s keychain', (kind) => {
  it.each(scenarios)('$name', async (sc) => {
    const home = tempHome({ keychain: kind })
    homes.push(home)
    const env = { ...home.env, ...motoEnv(moto) }
    let keychain: Keychain | undefined
    const deps = { env, keychain: () => (keychain ??= openKeychain({ env })) }
    const { userName, arn, key } = await createUserWithKey(moto)
    await addAccessKey({ profile: 'dev', ...key, replace: false }, deps)
    await deps.keychain().set(KeychainItem.stsSession('dev'), '{"stale":"session of the old key"}')

    const seen: { newKeyId?: string; verifyAttempts: number } = { verifyAttempts: 0 }
    const sleeps: number[] = []
    let outcome: unknown
    try {
      outcome = await rotateAwsKey(
        { profile: 'dev', keepOld: false },
        {
          ...deps,
          delays: [1, 2, 3],
          sleep: async (ms) => void sleeps.push(ms),
          steps: (real) => {
            const wrapped = sc.wrap(real, seen)
            return {
              ...wrapped,
              createKey: async (...args) => {
                const created = await wrapped.createKey(...args)
                seen.newKeyId = created.accessKeyId
                return created
              },
            }
          },
        },
      )
    } catch (error) {
      outcome = error
    }

    const ids = { old: key.accessKeyId, ...(seen.newKeyId ? { new: seen.newKeyId } : {}) }
    if (sc.exitCode === 0) {
      expect(outcome).toMatchObject({ oldKeyId: ids.old, newKeyId: ids.new, oldKey: 'deleted', userName })
      expect(await deps.keychain().get(KeychainItem.stsSession('dev'))).toBeUndefined()
    } else {
      expect(outcome).toBeInstanceOf(SecretsError)
      const error = outcome as SecretsError
      expect({ exit: error.exitCode, code: error.code }).toEqual({ exit: sc.exitCode, code: sc.code })
      expect(error.message).toMatch(sc.message!)
      // The message names exactly the keys IAM now has, in the states it says.
      for (const id of Object.keys(sc.iam(ids))) expect(`${error.message} ${error.hint}`).toContain(id)
      const text = JSON.stringify({ m: error.message, h: error.hint })
      expect(text).not.toContain(key.secretAccessKey)
    }
    if (sc.name === 'verification never succeeds') {
      expect(seen.verifyAttempts).toBe(4)
      expect(sleeps).toEqual([1, 2, 3])
    }

    // A working key is stored: moto maps it to this IAM user.
    const stored = (await readStoredAccessKey(deps.keychain(), 'dev'))!
    expect(stored.accessKeyId).toBe(sc.stored === 'old' ? ids.old : ids.new)
    expect(await callerArn(moto, stored)).toBe(arn)
    expect(await listKeys(moto, userName)).toEqual(sc.iam(ids))
    if (keychain) await Promise.all((await keychain.list()).map((n) => keychain!.delete(n)))
  })
})

describe('rotateAwsKey --keep-old', () => {
  it('leaves the old key inactive and the new one stored', async () => {
    const home = tempHome()
    homes.push(home)
    const env = { ...home.env, ...motoEnv(moto) }
    const keychain = openKeychain({ env })
    const { userName, arn, key } = await createUserWithKey(moto)
    await addAccessKey({ profile: 'kept', ...key, replace: false }, { env, keychain: () => keychain })
    const result = await rotateAwsKey({ profile: 'kept', keepOld: true }, { env, keychain: () => keychain })
    expect(result.oldKey).toBe('inactive')
    const stored = (await readStoredAccessKey(keychain, 'kept'))!
    expect(stored).toMatchObject({ accessKeyId: result.newKeyId })
    expect(stored.rotated).toBeDefined()
    expect(await callerArn(moto, stored)).toBe(arn)
    expect(await listKeys(moto, userName)).toEqual({
      [key.accessKeyId]: 'Inactive',
      [result.newKeyId]: 'Active',
    })
  })
})
