import { mkdtempSync, readFileSync, writeFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KeychainItem, MemoryKeychain } from '../../../src/core/keychain/index.js'
import { LocalStore } from '../../../src/core/store/index.js'

let dir: string
let keychain: MemoryKeychain
let file: string
const store = () => new LocalStore({ keychain, file, now: () => new Date('2026-01-01T00:00:00Z') })

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'local-store-'))
  file = join(dir, 'store.enc')
  keychain = new MemoryKeychain()
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('LocalStore', () => {
  it('reads an absent store as empty without creating a key', async () => {
    expect(await store().getByPath('/')).toEqual([])
    expect(keychain.items.size).toBe(0)
  })

  it('versions every write and keeps history', async () => {
    const s = store()
    expect(await s.put('/app/x', 'one')).toEqual({ version: 1 })
    expect(await s.put('/app/x', 'two')).toEqual({ version: 2 })
    expect((await s.get('/app/x'))?.value).toBe('two')
    expect((await s.history('/app/x')).map((v) => [v.version, v.value])).toEqual([
      [1, 'one'],
      [2, 'two'],
    ])
  })

  it('reads recursively under a prefix only', async () => {
    const s = store()
    await s.put('/app/dev/a', '1')
    await s.put('/app/dev/b/c', '2')
    await s.put('/app/development/x', '3')
    await s.put('/other', '4')
    expect((await s.getByPath('/app/dev')).map((p) => p.path)).toEqual(['/app/dev/a', '/app/dev/b/c'])
  })

  it('keeps at most 100 versions, like SSM', async () => {
    const s = store()
    for (let i = 1; i <= 103; i++) await s.put('/a', `v${i}`)
    const history = await s.history('/a')
    expect(history).toHaveLength(100)
    expect(history[0]?.version).toBe(4)
    expect(history.at(-1)?.version).toBe(103)
  })

  it('deletes a parameter with its history', async () => {
    const s = store()
    await s.put('/a', 'x')
    expect(await s.delete('/a')).toBe(true)
    expect(await s.delete('/a')).toBe(false)
    expect(await s.history('/a')).toEqual([])
  })

  it('writes no plaintext, mode 0600, and leaves no temp files', async () => {
    await store().put('/app/db', 'plaintext-canary-value')
    expect(readFileSync(file, 'utf8')).not.toContain('plaintext-canary-value')
    expect(readFileSync(file, 'utf8')).not.toContain('/app/db')
    expect(readdirSync(dir)).toEqual(['store.enc'])
    const { statSync } = await import('node:fs')
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('refuses a tampered file and leaves it untouched', async () => {
    await store().put('/a', 'x')
    const raw = JSON.parse(readFileSync(file, 'utf8'))
    raw.data = Buffer.from('tampered').toString('base64')
    writeFileSync(file, JSON.stringify(raw))
    const before = readFileSync(file, 'utf8')
    await expect(store().get('/a')).rejects.toThrow(/fails authentication/)
    await expect(store().put('/b', 'y')).rejects.toThrow(/fails authentication/)
    expect(readFileSync(file, 'utf8')).toBe(before)
  })

  it.each([['not json'], ['{"format":"other","iv":"","tag":"","data":""}']])(
    'refuses a corrupted file %j',
    async (content) => {
      writeFileSync(file, content)
      await expect(store().getByPath('/')).rejects.toMatchObject({ exitCode: 5, code: 'LocalStoreCorrupt' })
      expect(readFileSync(file, 'utf8')).toBe(content)
    },
  )

  it('refuses to read when the key is missing from the keychain, rather than starting over', async () => {
    await store().put('/a', 'x')
    await keychain.delete(KeychainItem.localStoreKey)
    await expect(store().put('/b', 'y')).rejects.toMatchObject({ code: 'LocalStoreKeyMissing', exitCode: 5 })
  })

  it('serialises concurrent writers without losing any', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => store().put(`/p/${i}`, `v${i}`)))
    expect(await store().getByPath('/p')).toHaveLength(20)
  })
})
