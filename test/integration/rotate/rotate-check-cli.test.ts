import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { KeychainItem, openKeychain } from '../../../src/core/keychain/index.js'
import { serializeAccessKey } from '../../../src/core/identity/index.js'
import {
  decryptItems,
  derive,
  encryptItems,
  readKeychainFile,
} from '../../../src/core/keychain/file-keychain-format.js'
import { runCli, tempHome, trustConfig, type TempHome } from '../../helpers/cli.js'

const homes: TempHome[] = []
afterAll(() => homes.forEach((h) => h.remove()))
const FRESH = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}
const OLD = {
  accessKeyId: 'AKIAOLDKEY0000000001',
  // Derived, not a literal: the repo scans itself and a 40-character literal looks like a real key.
  secretAccessKey: FRESH.secretAccessKey.replace('KEY', 'OLD'),
}

describe.each(['file', 'os'] as const)('secrets rotate --check (%s keychain)', (kind) => {
  it('lists stored keys and policy paths with their age and exits 1 when any is overdue', async () => {
    const home = tempHome({ keychain: kind })
    homes.push(home)
    const env = home.env
    const cli = (args: string[], input?: string) =>
      runCli(args, { env, cwd: home.dir, ...(input !== undefined ? { input } : {}) })

    const empty = await cli(['rotate', '--check'])
    expect(empty.exitCode).toBe(0)
    expect(empty.stderr).toContain('Nothing to check')

    expect(
      (await cli(['add-key', '--profile', 'dev'], `${FRESH.accessKeyId}\n${FRESH.secretAccessKey}\n`))
        .exitCode,
    ).toBe(0)
    const fresh = await cli(['rotate', '--check'])
    expect(fresh.exitCode, String(fresh.stderr)).toBe(0)
    // The file keychain's own key is a data key with an age too.
    const keychainKeyRow =
      kind === 'file'
        ? '\\nok\\s+data-key\\s+file-keychain-key\\s+aes-256-gcm\\s+\\d+[sm]\\s+90d\\s+never'
        : ''
    expect(fresh.stdout).toMatch(
      new RegExp(
        `^STATUS\\s+KIND\\s+NAME\\s+ID/VERSION\\s+AGE\\s+MAX\\s+LAST ROTATED(\\s+NEXT)?\\nok\\s+aws-key\\s+dev\\s+AKIAIOSFODNN7EXAMPLE\\s+\\d+[sm]\\s+90d\\s+never *${keychainKeyRow} *$`,
      ),
    )

    // A key added 120 days ago, and two policy paths: one past its max age, one within it.
    const keychain = openKeychain({ env })
    const created = new Date(Date.now() - 120 * 86_400_000).toISOString()
    await keychain.set(KeychainItem.accessKey('legacy'), serializeAccessKey({ ...OLD, created }))
    writeFileSync(
      join(home.dir, '.secretsrc.json'),
      JSON.stringify({
        rotate: { paths: { '/chk/stale': { maxAge: '1ms' }, '/chk/fresh': { maxAge: '30d' } } },
      }),
    )
    await trustConfig(join(home.dir, '.secretsrc.json'), env)
    expect((await cli(['set', '/chk/stale'], 'stale-value-123456\n')).exitCode).toBe(0)
    expect((await cli(['set', '/chk/fresh'], 'fresh-value-123456\n')).exitCode).toBe(0)

    const due = await cli(['rotate', '--check'])
    expect(due.exitCode).toBe(1)
    expect(due.stdout).toMatch(/OVERDUE\s+aws-key\s+legacy\s+AKIAOLDKEY0000000001\s+120d\s+90d\s+never/)
    expect(due.stdout).toMatch(
      /OVERDUE\s+parameter\s+\/chk\/stale\s+1\s+\d+[sm]\s+0s\s+\S+\s+secrets rotate \/chk\/stale/,
    )
    expect(due.stdout).toMatch(/ok\s+parameter\s+\/chk\/fresh\s+1\s+\d+[sm]\s+30d/)
    // dev, legacy, the two paths, the local store's data key (and the file keychain's key).
    expect(due.stderr).toContain(`${kind === 'file' ? 6 : 5} checked, 2 overdue.`)

    const json = await cli(['rotate', '--check', '--json'])
    expect(json.exitCode).toBe(1)
    const statuses = JSON.parse(String(json.stdout)) as { name: string; overdue: boolean; kind: string }[]
    expect(
      statuses
        .filter((s) => s.overdue)
        .map((s) => s.name)
        .sort(),
    ).toEqual(['/chk/stale', 'legacy'])
    for (const out of [empty, fresh, due, json]) {
      const text = `${out.stdout}${out.stderr}`
      for (const secret of [
        FRESH.secretAccessKey,
        OLD.secretAccessKey,
        'stale-value-123456',
        'fresh-value-123456',
      ]) {
        expect(text).not.toContain(secret)
      }
    }
    await Promise.all((await keychain.list()).map((n) => keychain.delete(n)))
  })
})

describe('secrets rotate --check: the file keychain key', () => {
  it('a keychain from before its key age was kept shows "age unknown" until secrets rekey', async () => {
    const home = tempHome({ keychain: 'file' })
    homes.push(home)
    const env = home.env
    expect((await runCli(['set', '/chk/one'], { env, input: 'one-value-123456\n' })).exitCode).toBe(0)
    // Make it an old file: the same items and key, without the recorded creation time.
    const path = join(env.XDG_CONFIG_HOME as string, 'secrets', 'keychain.enc')
    const file = await readKeychainFile(path)
    expect(file?.kdf.created).toBeDefined()
    const cost = { N: file!.kdf.N, r: file!.kdf.r, p: file!.kdf.p }
    const key = await derive(env.SECRETS_KEYCHAIN_PASSPHRASE as string, file!.kdf.salt, cost)
    writeFileSync(path, encryptItems(decryptItems(file!, key)!, { salt: file!.kdf.salt, key, kdf: cost }))

    const old = await runCli(['rotate', '--check'], { env })
    expect(old.exitCode, String(old.stderr)).toBe(0)
    expect(old.stdout).toMatch(/ok\s+data-key\s+file-keychain-key\s+aes-256-gcm \(age unknown\)/)
    expect((await runCli(['rekey'], { env })).exitCode).toBe(0)
    const rekeyed = await runCli(['rotate', '--check', '--json'], { env })
    const row = (
      JSON.parse(String(rekeyed.stdout)) as { name: string; id: string; ageDays: number; since: string }[]
    ).find((s) => s.name === 'file-keychain-key')
    expect(row).toMatchObject({ id: 'aes-256-gcm', ageDays: 0 })
    expect(Date.now() - Date.parse(row!.since)).toBeLessThan(60_000)
    expect(`${old.stdout}${old.stderr}${rekeyed.stdout}`).not.toContain('one-value-123456')
    expect((await runCli(['get', '/chk/one'], { env })).stdout).toContain('one-value-123456')
  })
})
