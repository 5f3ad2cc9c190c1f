import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KeychainItem, MemoryKeychain } from '../../../src/core/keychain/index.js'
import { LocalStore, labelVersion, readDataKeyRecord, seal } from '../../../src/core/store/index.js'

let dir: string
let keychain: MemoryKeychain
let file: string
const store = () => new LocalStore({ keychain, file, now: () => new Date('2026-01-01T00:00:00Z') })
const version = (n: number) => ({ kind: 'version' as const, version: n })
const label = (l: string) => ({ kind: 'label' as const, label: l })

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'local-store-v-'))
  file = join(dir, 'store.enc')
  keychain = new MemoryKeychain()
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('LocalStore versions and labels', () => {
  it('reads selected versions and labels in order; a label moves between versions', async () => {
    const s = store()
    for (const v of ['one', 'two', 'three']) await s.put('/app/x', v)
    expect(await s.label('/app/x', 1, ['prod'])).toEqual({ found: true, version: 1, invalidLabels: [] })
    const read = await s.getSelected([
      { path: '/app/x', selector: label('prod') },
      { path: '/app/x', selector: version(3) },
      { path: '/app/x' },
      { path: '/app/x', selector: version(7) },
      { path: '/nope', selector: version(1) },
    ])
    expect(read.map((p) => p?.value)).toEqual(['one', 'three', 'three', undefined, undefined])
    await s.label('/app/x', 3, ['prod'])
    expect((await s.history('/app/x')).map((p) => p.labels ?? [])).toEqual([[], [], ['prod']])
    expect(await s.label('/app/x', 9, ['prod'])).toEqual({ found: false })
  })

  it("keeps SSM's label limits: 10 a version, and a labelled oldest version blocks the 101st write", async () => {
    const s = store()
    await s.put('/app/x', 'v1')
    await labelVersion(
      s,
      '/app/x',
      1,
      Array.from({ length: 10 }, (_, i) => `l${i}`),
    )
    await expect(labelVersion(s, '/app/x', 1, ['eleven'])).rejects.toThrow(/more than 10 labels/)
    await expect(labelVersion(s, '/app/x', 1, ['9lives'])).rejects.toThrow(/cannot start with a digit/)
    for (let i = 2; i <= 100; i++) await s.put('/app/x', `v${i}`)
    await expect(s.put('/app/x', 'v101')).rejects.toThrow(/oldest \(version 1\) carries the label/)
    await labelVersion(
      s,
      '/app/x',
      2,
      Array.from({ length: 10 }, (_, i) => `l${i}`),
    )
    expect((await s.put('/app/x', 'v101')).version).toBe(101)
    expect((await s.history('/app/x'))[0]?.version).toBe(2)
  })

  it('opens a format-1 file with a bare key, migrates on the next write, then refuses the old file', async () => {
    const key = randomBytes(32)
    await keychain.set(KeychainItem.localStoreKey, key.toString('base64'))
    const content = {
      parameters: {
        '/old/p': {
          versions: [
            { version: 1, value: 'legacy', modified: '2025-06-01T00:00:00.000Z', type: 'SecureString' },
          ],
        },
      },
    }
    const v1 = `${JSON.stringify({ format: 'secrets-local-store', version: 1, ...seal(key, JSON.stringify(content), 'secrets-local-store/1') })}\n`
    writeFileSync(file, v1, { mode: 0o600 })
    expect((await store().get('/old/p'))?.value).toBe('legacy')
    await store().put('/old/q', 'new')
    const envelope = JSON.parse(readFileSync(file, 'utf8')) as { version: number; generation: number }
    expect([envelope.version, envelope.generation]).toEqual([2, 2])
    const record = await readDataKeyRecord(keychain, KeychainItem.localStoreKey)
    // The same key, now with the generation and, for age, the oldest write it has protected.
    expect([record?.key.equals(key), record?.generation, record?.created]).toEqual([
      true,
      2,
      '2025-06-01T00:00:00.000Z',
    ])
    writeFileSync(file, v1)
    await expect(store().get('/old/p')).rejects.toThrow(/generation 1, the keychain has 2/)
  })

  it('a crash between the file and the keychain leaves a newer file, which is accepted', async () => {
    const s = store()
    await s.put('/a', '1')
    const record = await keychain.get(KeychainItem.localStoreKey)
    await s.put('/a', '2')
    // As if the process died after writing the file, before raising the keychain's generation.
    await keychain.set(KeychainItem.localStoreKey, record ?? '')
    expect((await store().get('/a'))?.value).toBe('2')
    await store().put('/a', '3')
    expect((await readDataKeyRecord(keychain, KeychainItem.localStoreKey))?.generation).toBe(3)
  })

  it('a missing file with a key that never wrote (generation 0) is an empty store', async () => {
    await keychain.set(
      KeychainItem.localStoreKey,
      JSON.stringify({ v: 2, key: randomBytes(32).toString('base64'), generation: 0 }),
    )
    expect(await store().getByPath('/')).toEqual([])
    expect((await store().put('/a', 'x')).version).toBe(1)
  })
})
