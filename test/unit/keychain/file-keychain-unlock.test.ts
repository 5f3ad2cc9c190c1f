import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FileKeychain, openKeychain, weakPassphraseReason } from '../../../src/core/keychain/index.js'
import { memoryCache } from './memory-unlock-cache.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'file-keychain-unlock-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const GOOD = 'correct horse battery'

/** A prompt that answers from a script and records the questions. */
function scripted(answers: string[]) {
  const asked: string[] = []
  return {
    asked,
    prompt: async (message: string) => {
      asked.push(message)
      const next = answers.shift()
      if (next === undefined) throw new Error(`unexpected prompt: ${message}`)
      return next
    },
  }
}

const file = () => join(dir, 'keychain.enc')

describe('weakPassphraseReason', () => {
  it.each([
    ['short', /5 characters.*at least 12/],
    ['aaaaaaaaaaaaaaaa', /too few different/],
    ['abcabcabcabcabc', /too few different|repeated/],
    ['password1234567', /guessing list/],
    ['Passphrase!2024x', /guessing list/],
  ])('refuses %j, saying why', (passphrase, why) => {
    expect(weakPassphraseReason(passphrase)).toMatch(why)
  })

  it.each([GOOD, 'tr0ub4dor&3-staple', 'ünïcödé wörds here'])('accepts %j', (passphrase) => {
    expect(weakPassphraseReason(passphrase)).toBeUndefined()
  })
})

describe('creating a file keychain at a prompt', () => {
  it('asks twice and creates it when both entries match', async () => {
    const p = scripted([GOOD, GOOD])
    await new FileKeychain(file(), { passphrase: { prompt: p.prompt } }).set('a', 'b')
    expect(p.asked).toEqual([
      expect.stringMatching(/New passphrase.*at least 12/),
      'Repeat the new passphrase',
    ])
    expect(await new FileKeychain(file(), { passphrase: async () => GOOD }).get('a')).toBe('b')
  })

  it('refuses a weak passphrase saying why, then a mismatch, then accepts a good one', async () => {
    const p = scripted(['short', GOOD, 'correct horse batter', GOOD, GOOD])
    await new FileKeychain(file(), { passphrase: { prompt: p.prompt } }).set('a', 'b')
    expect(p.asked[1]).toMatch(/too weak: it has 5 characters/)
    expect(p.asked[3]).toMatch(/^The two entries differ/)
  })

  it('gives up after three tries and writes nothing', async () => {
    const p = scripted(['short', 'shorter', 'tiny'])
    await expect(
      new FileKeychain(file(), { passphrase: { prompt: p.prompt } }).set('a', 'b'),
    ).rejects.toMatchObject({
      exitCode: 5,
      message: expect.stringMatching(/No file keychain was created.*too weak/),
    })
    await expect(new FileKeychain(file(), { passphrase: async () => GOOD }).list()).resolves.toEqual([])
  })

  it('an empty entry says so', async () => {
    const p = scripted([''])
    await expect(
      new FileKeychain(file(), { passphrase: { prompt: p.prompt } }).set('a', 'b'),
    ).rejects.toMatchObject({ exitCode: 5, message: expect.stringMatching(/No passphrase was entered/) })
  })
})

describe('unlocking an existing file keychain', () => {
  beforeEach(async () => {
    await new FileKeychain(file(), { passphrase: async () => GOOD }).set('a', 'secret-canary-42')
  })

  it('gives three tries at a prompt', async () => {
    const p = scripted(['wrong one', 'wrong two', GOOD])
    expect(await new FileKeychain(file(), { passphrase: { prompt: p.prompt } }).get('a')).toBe(
      'secret-canary-42',
    )
    expect(p.asked[1]).toMatch(/Wrong passphrase, try again \(2 of 3\)/)
    expect(p.asked[2]).toMatch(/\(3 of 3\)/)
  })

  it('after three wrong tries: exit 5, KeychainLocked, no secret in the message', async () => {
    const p = scripted(['wrong-guess-one', 'wrong-guess-two', 'wrong-guess-three'])
    const error = await new FileKeychain(file(), { passphrase: { prompt: p.prompt } })
      .get('a')
      .catch((e) => e)
    expect(error).toMatchObject({ exitCode: 5, code: 'KeychainLocked' })
    expect(`${error.message} ${error.hint}`).not.toContain('secret-canary-42')
    expect(`${error.message} ${error.hint}`).not.toMatch(/wrong-guess/)
  })

  it('a wrong SECRETS_KEYCHAIN_PASSPHRASE is one try and names the variable', async () => {
    const error = await openKeychain({
      env: { SECRETS_KEYCHAIN: 'file', SECRETS_KEYCHAIN_FILE: file(), SECRETS_KEYCHAIN_PASSPHRASE: 'nope' },
    })
      .get('a')
      .catch((e) => e)
    expect(error).toMatchObject({ exitCode: 5, code: 'KeychainLocked' })
    expect(error.message).toMatch(/SECRETS_KEYCHAIN_PASSPHRASE is not its passphrase/)
  })

  it('an empty SECRETS_KEYCHAIN_PASSPHRASE with no terminal is named as such', async () => {
    const error = await openKeychain({
      env: { SECRETS_KEYCHAIN: 'file', SECRETS_KEYCHAIN_FILE: file(), SECRETS_KEYCHAIN_PASSPHRASE: '' },
    })
      .get('a')
      .catch((e) => e)
    expect(error).toMatchObject({ exitCode: 5, code: 'KeychainNoPassphrase' })
    expect(error.message).toMatch(/set but empty/)
  })

  it('an empty SECRETS_KEYCHAIN_PASSPHRASE at a terminal asks instead', async () => {
    const p = scripted([GOOD])
    const k = openKeychain({
      env: { SECRETS_KEYCHAIN: 'file', SECRETS_KEYCHAIN_FILE: file(), SECRETS_KEYCHAIN_PASSPHRASE: '' },
      promptSecret: p.prompt,
    })
    expect(await k.get('a')).toBe('secret-canary-42')
  })

  it('no passphrase and no terminal: locked, and the hint never says to export SECRETS_KEYCHAIN=file', async () => {
    const error = await openKeychain({ env: { SECRETS_KEYCHAIN: 'file', SECRETS_KEYCHAIN_FILE: file() } })
      .get('a')
      .catch((e) => e)
    expect(error).toMatchObject({ exitCode: 5, code: 'KeychainNoPassphrase' })
    expect(error.message).toMatch(/is locked and there is no terminal/)
    expect(error.hint).toMatch(/SECRETS_KEYCHAIN_PASSPHRASE/)
    expect(error.hint).not.toMatch(/export SECRETS_KEYCHAIN=file/)
  })
})

describe('with an unlock cache (the agent)', () => {
  it('the agent holds the derived key (never the passphrase) and answers item by item', async () => {
    const cache = memoryCache()
    await new FileKeychain(file(), { passphrase: async () => GOOD, unlock: cache }).set('a', 'b')
    expect(cache.files.paths()).toEqual([file()])
    expect(cache.map.size).toBe(0)
    const noPassphrase = new FileKeychain(file(), {
      passphrase: { prompt: undefined },
      unlock: cache,
    })
    expect(await noPassphrase.get('a')).toBe('b')
    await noPassphrase.set('c', 'd')
    expect((await noPassphrase.list()).sort()).toEqual(['a', 'c'])
    expect(await new FileKeychain(file(), { passphrase: async () => GOOD }).get('c')).toBe('d')
  })

  it('a held key that no longer opens the file is dropped and the passphrase asked', async () => {
    const cache = memoryCache()
    await new FileKeychain(file(), { passphrase: async () => GOOD, unlock: cache }).set('a', 'b')
    const salt = JSON.parse(readFileSync(file(), 'utf8')).kdf.salt as string
    cache.files.hold(file(), { salt, key: Buffer.alloc(32), kdf: { N: 16384, r: 8, p: 1 } })
    const p = scripted([GOOD])
    expect(await new FileKeychain(file(), { passphrase: { prompt: p.prompt }, unlock: cache }).get('a')).toBe(
      'b',
    )
    expect(p.asked).toHaveLength(1)
  })

  it('after the agent forgets (lock), no terminal means locked (exit 5)', async () => {
    const cache = memoryCache()
    await new FileKeychain(file(), { passphrase: async () => GOOD, unlock: cache }).set('a', 'b')
    cache.files.clear()
    await expect(
      new FileKeychain(file(), { passphrase: { prompt: undefined }, unlock: cache }).get('a'),
    ).rejects.toMatchObject({ exitCode: 5, message: expect.stringMatching(/No unlock is held/) })
  })

  it('SECRETS_KEYCHAIN_PASSPHRASE (automation) hands the agent nothing', async () => {
    await new FileKeychain(file(), { passphrase: async () => GOOD }).set('a', 'b')
    const cache = memoryCache()
    const k = openKeychain({
      env: { SECRETS_KEYCHAIN: 'file', SECRETS_KEYCHAIN_FILE: file(), SECRETS_KEYCHAIN_PASSPHRASE: GOOD },
      unlock: cache,
    })
    expect(await k.get('a')).toBe('b')
    expect(cache.files.size).toBe(0)
    expect(cache.map.size).toBe(0)
  })

  it('SECRETS_KEYCHAIN_PASSPHRASE_FILE is read once and may hand the agent the key', async () => {
    await new FileKeychain(file(), { passphrase: async () => GOOD }).set('a', 'b')
    const passFile = join(dir, 'pass')
    writeFileSync(passFile, `${GOOD}\n`)
    const cache = memoryCache()
    const k = openKeychain({
      env: {
        SECRETS_KEYCHAIN: 'file',
        SECRETS_KEYCHAIN_FILE: file(),
        SECRETS_KEYCHAIN_PASSPHRASE_FILE: passFile,
      },
      unlock: cache,
    })
    expect(await k.get('a')).toBe('b')
    rmSync(passFile)
    await k.set('c', 'd')
    expect(cache.files.size).toBe(1)
  })

  it('both passphrase variables at once is a usage error', () => {
    expect(() =>
      openKeychain({
        env: {
          SECRETS_KEYCHAIN: 'file',
          SECRETS_KEYCHAIN_FILE: file(),
          SECRETS_KEYCHAIN_PASSPHRASE: GOOD,
          SECRETS_KEYCHAIN_PASSPHRASE_FILE: '/dev/null',
        },
      }),
    ).toThrow(/Both SECRETS_KEYCHAIN_PASSPHRASE and SECRETS_KEYCHAIN_PASSPHRASE_FILE/)
  })

  it('a weak SECRETS_KEYCHAIN_PASSPHRASE gets a warning with the reason, never the passphrase', async () => {
    const warnings: string[] = []
    const k = openKeychain({
      env: {
        SECRETS_KEYCHAIN: 'file',
        SECRETS_KEYCHAIN_FILE: file(),
        SECRETS_KEYCHAIN_PASSPHRASE: 'hunter2',
      },
      warn: (m) => warnings.push(m),
    })
    await k.set('a', 'b')
    await k.get('a')
    expect(warnings).toEqual([
      expect.stringMatching(/SECRETS_KEYCHAIN_PASSPHRASE is weak: it has 7 characters/),
    ])
    expect(warnings.join()).not.toContain('hunter2')
  })
})
