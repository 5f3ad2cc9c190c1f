import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { KeychainItem, openKeychain } from '../../../src/core/keychain/index.js'
import { readStoredAccessKey } from '../../../src/core/identity/index.js'
import { runCli, tempHome, type TempHome } from '../../helpers/cli.js'
import { motoEnv } from '../../helpers/moto.js'
import { addKey, callerArn, createUserWithKey, listKeys, type TestKey } from './iam-fixture.js'

const moto = inject('motoUrl')
const homes: TempHome[] = []
afterAll(() => homes.forEach((h) => h.remove()))

function setup(kind: 'file' | 'os') {
  const home = tempHome({ keychain: kind })
  homes.push(home)
  const env = { ...home.env, ...motoEnv(moto) }
  return { home, env, keychain: openKeychain({ env }) }
}
const keyLines = (key: TestKey) => `${key.accessKeyId}\n${key.secretAccessKey}\n`

describe.each(['file', 'os'] as const)('secrets add-key and rotate aws-key (%s keychain)', (kind) => {
  it('stores a key from stdin, uses it through STS sessions, and rotates it', async () => {
    const { env, keychain } = setup(kind)
    const { userName, arn, key } = await createUserWithKey(moto)

    const added = await runCli(['add-key', '--profile', 'dev'], { env, input: keyLines(key) })
    expect(added.exitCode, String(added.stderr)).toBe(0)
    expect(added.stdout).toBe('')
    expect(added.stderr).toContain(`Stored access key ${key.accessKeyId} for profile dev`)
    expect(`${added.stdout}${added.stderr}`).not.toContain(key.secretAccessKey)

    // Other commands use the stored key only through a cached STS session.
    const path = `/rotate-test/${userName}/token`
    const set = await runCli(['set', path, '--store', 'ssm', '--profile', 'dev'], {
      env,
      input: 'v1-value\n',
    })
    expect(set.exitCode, String(set.stderr)).toBe(0)
    const session = JSON.parse((await keychain.get(KeychainItem.stsSession('dev')))!)
    expect(session.sourceKeyId).toBe(key.accessKeyId)
    expect(session.accessKeyId).not.toBe(key.accessKeyId)

    const rotated = await runCli(['rotate', 'aws-key', '--profile', 'dev'], { env })
    expect(rotated.exitCode, String(rotated.stderr)).toBe(0)
    const stored = (await readStoredAccessKey(keychain, 'dev'))!
    expect(rotated.stdout).toBe(stored.accessKeyId)
    expect(rotated.stderr).toContain(`the old key ${key.accessKeyId} was deleted`)
    for (const secret of [key.secretAccessKey, stored.secretAccessKey]) {
      expect(`${rotated.stdout}${rotated.stderr}`).not.toContain(secret)
    }
    expect(await callerArn(moto, stored)).toBe(arn)
    expect(await listKeys(moto, userName)).toEqual({ [stored.accessKeyId]: 'Active' })
    expect(await keychain.get(KeychainItem.stsSession('dev'))).toBeUndefined()

    const json = await runCli(['rotate', 'aws-key', '--profile', 'dev', '--json'], { env })
    expect(json.exitCode, String(json.stderr)).toBe(0)
    const data = JSON.parse(String(json.stdout))
    const third = (await readStoredAccessKey(keychain, 'dev'))!
    expect(data).toEqual({
      profile: 'dev',
      userName,
      oldKeyId: stored.accessKeyId,
      newKeyId: third.accessKeyId,
      oldKey: 'deleted',
    })
    expect(String(json.stdout)).not.toContain(third.secretAccessKey)
    expect(await listKeys(moto, userName)).toEqual({ [third.accessKeyId]: 'Active' })
    await Promise.all((await keychain.list()).map((n) => keychain.delete(n)))
  })

  it('stops at the two-key limit, listing both keys and a safe next step', async () => {
    const { env, keychain } = setup(kind)
    const { userName, arn, key } = await createUserWithKey(moto)
    const other = await addKey(moto, userName, 'Inactive')
    expect((await runCli(['add-key', '--profile', 'dev'], { env, input: keyLines(key) })).exitCode).toBe(0)

    const result = await runCli(['rotate', 'aws-key', '--profile', 'dev'], { env })
    expect(result.exitCode).toBe(4)
    expect(result.stdout).toBe('')
    const err = String(result.stderr)
    expect(err).toContain(`IAM user ${userName} already has two access keys`)
    expect(err).toContain('Nothing was changed')
    expect(err).toMatch(
      new RegExp(
        `${key.accessKeyId}  Active  created \\d+s ago, (last used|never used).*\\[stored by secrets\\]`,
      ),
    )
    expect(err).toMatch(new RegExp(`${other.accessKeyId}  Inactive  created \\d+s ago, never used`))
    expect(err).toContain(`next: ${other.accessKeyId} is inactive, so nothing can be using it`)
    expect(err).not.toContain(key.secretAccessKey)
    expect(await listKeys(moto, userName)).toEqual({
      [key.accessKeyId]: 'Active',
      [other.accessKeyId]: 'Inactive',
    })
    const stored = (await readStoredAccessKey(keychain, 'dev'))!
    expect(stored.accessKeyId).toBe(key.accessKeyId)
    expect(await callerArn(moto, stored)).toBe(arn)

    const json = await runCli(['rotate', 'aws-key', '--profile', 'dev', '--json'], { env })
    expect(json.exitCode).toBe(4)
    expect(JSON.parse(String(json.stdout)).error).toMatchObject({ code: 'AccessKeyLimit', exitCode: 4 })
    await Promise.all((await keychain.list()).map((n) => keychain.delete(n)))
  })
})

describe('secrets add-key refusals', () => {
  const key: TestKey = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  }

  it('refuses an SSO profile and says why', async () => {
    const { home, env } = setup('file')
    mkdirSync(dirname(home.env.AWS_CONFIG_FILE!), { recursive: true })
    writeFileSync(
      home.env.AWS_CONFIG_FILE!,
      '[profile corp]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n',
    )
    const result = await runCli(['add-key', '--profile', 'corp'], { env, input: keyLines(key) })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('Profile corp is an IAM Identity Center (SSO) profile')
    expect(result.stderr).toContain('secrets login --profile corp')
    const rotate = await runCli(['rotate', 'aws-key', '--profile', 'corp'], { env })
    expect(rotate.exitCode).toBe(2)
    expect(rotate.stderr).toContain(
      'Profile corp is an IAM Identity Center (SSO) profile: it has no access key',
    )
  })

  it.each([
    [
      'a malformed key id',
      'AKIA-not-a-key\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
      /not an IAM access key id/,
    ],
    ['one line only', 'AKIAIOSFODNN7EXAMPLE\n', /Expected two lines on stdin/],
    ['a temporary key', 'ASIAIOSFODNN7EXAMPLE\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n', /temporary/],
  ])('rejects %s with exit 2 and never echoes input', async (_n, input, message) => {
    const { env } = setup('file')
    const result = await runCli(['add-key', '--profile', 'dev'], { env, input })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(message)
    expect(`${result.stdout}${result.stderr}`).not.toContain('wJalrXUtnFEMI')
  })

  it('refuses to overwrite a stored key without --replace', async () => {
    const { env } = setup('file')
    expect((await runCli(['add-key', '--profile', 'dev'], { env, input: keyLines(key) })).exitCode).toBe(0)
    const again = await runCli(['add-key', '--profile', 'dev'], { env, input: keyLines(key) })
    expect(again.exitCode).toBe(2)
    expect(again.stderr).toContain('already has a stored access key (AKIAIOSFODNN7EXAMPLE)')
    const replaced = await runCli(['add-key', '--profile', 'dev', '--replace'], { env, input: keyLines(key) })
    expect(replaced.exitCode).toBe(0)
  })

  it('rotate aws-key without a stored key says how to add one', async () => {
    const { env } = setup('file')
    const result = await runCli(['rotate', 'aws-key', '--profile', 'nobody'], { env })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('secrets add-key --profile nobody')
  })
})
