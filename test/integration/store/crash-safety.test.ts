import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FileKeychain } from '../../../src/core/keychain/index.js'
import { LocalStore } from '../../../src/core/store/index.js'
import { ROOT } from '../../helpers/cli.js'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crash-safety-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('local store crash safety', () => {
  it('a writer killed at random moments never loses or tears the store', async () => {
    const file = join(dir, 'store.enc')
    const keychainFile = join(dir, 'keychain.enc')
    const open = () =>
      new LocalStore({
        keychain: new FileKeychain(keychainFile, { passphrase: async () => 'crash-test' }),
        file,
      })
    await open().put('/crash/anchor', 'must-survive')
    for (let round = 0; round < 8; round++) {
      const writer = execa(
        'node',
        [join(ROOT, 'test/fixtures/store/store-writer.mjs'), join(ROOT, 'dist'), file],
        {
          env: { ...process.env, KEYCHAIN_FILE: keychainFile },
          reject: false,
        },
      )
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('writer never became ready')), 15_000)
        writer.stdout?.once('data', () => {
          clearTimeout(timer)
          resolve()
        })
      })
      await new Promise((r) => setTimeout(r, 50 + Math.floor(Math.random() * 300)))
      writer.kill('SIGKILL')
      await writer
      // Whatever moment the writer died at, the file is whole and the anchor is there.
      expect((await open().get('/crash/anchor'))?.value).toBe('must-survive')
    }
    expect((await open().getByPath('/crash')).length).toBeGreaterThan(1)
    // A killed writer may leave its temp file behind; the next write removes it.
    await open().put('/crash/after', 'x')
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  }, 120_000)
})
