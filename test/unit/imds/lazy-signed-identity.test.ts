import forge from 'node-forge'
import { describe, expect, it, vi } from 'vitest'
import { KeychainItem, MemoryKeychain, type Keychain } from '../../../src/core/keychain/index.js'
import { lazySignedIdentity, loadDevCa } from '../../../src/core/imds/dev-ca.js'
import { LocalEnvError, RemoteError } from '../../../src/shared/errors.js'
import type { HumanOutput } from '../../../src/shared/human-output.js'

// RSA key generation on a loaded, shared machine.
vi.setConfig({ testTimeout: 60_000 })

const now = () => new Date('2026-01-01T00:00:00Z')
const DOC = '{"instanceId":"i-0123"}'

function recorder(): HumanOutput & { warnings: string[] } {
  const warnings: string[] = []
  return {
    warnings,
    warn: (m: string) => void warnings.push(m),
    notice: () => {},
    progress: () => {},
  } as never
}

/** A keychain whose every call fails with `error`, counting the calls. */
function failing(error: Error): Keychain & { calls: number } {
  const k = {
    kind: 'os' as const,
    calls: 0,
    get: async () => {
      k.calls++
      throw error
    },
    set: async () => {
      k.calls++
      throw error
    },
    delete: async () => false,
    list: async () => [],
  }
  return k
}

function verifies(signature: string, certPem: string): boolean {
  const cert = forge.pki.certificateFromPem(certPem)
  const md = forge.md.sha256.create()
  md.update(DOC, 'utf8')
  return (cert.publicKey as forge.pki.rsa.PublicKey).verify(
    md.digest().bytes(),
    forge.util.decode64(signature),
  )
}

describe('lazySignedIdentity', () => {
  it('touches the keychain only on load, once, and signs with the stored CA', async () => {
    const keychain = new MemoryKeychain()
    let opened = 0
    const out = recorder()
    const lazy = lazySignedIdentity(DOC, { keychain: () => (opened++, keychain), now, out })
    expect(opened).toBe(0)
    expect(lazy.current()).toBeUndefined()
    const [a, b] = await Promise.all([lazy.load(), lazy.load()])
    expect(a).toBe(b)
    expect(opened).toBe(1)
    expect(lazy.current()).toBe(a)
    expect(await keychain.list()).toEqual([KeychainItem.imdsCa])
    expect(verifies(a.signature, (await loadDevCa(keychain, now())).certPem)).toBe(true)
    expect(out.warnings).toEqual([])
  })

  it.each([
    [
      'unreachable',
      new LocalEnvError('The OS keychain is not usable (read): it cannot be reached', {
        code: 'KeychainUnavailable',
      }),
    ],
    [
      'locked',
      new LocalEnvError('The OS keychain is not usable (read): it is locked', { code: 'KeychainLocked' }),
    ],
    [
      'no passphrase',
      new LocalEnvError('The file keychain needs a passphrase', { code: 'KeychainNoPassphrase' }),
    ],
  ])('keychain %s: a per-run CA signs, and the human is told once', async (_name, error) => {
    const keychain = failing(error)
    const out = recorder()
    const lazy = lazySignedIdentity(DOC, { keychain: () => keychain, now, out })
    const [a, b] = await Promise.all([lazy.load(), lazy.load()])
    expect(a).toBe(b)
    expect(a.document).toBe(DOC)
    expect(a.signature.length).toBeGreaterThan(300)
    expect(out.warnings).toHaveLength(1)
    expect(out.warnings[0]).toContain('a CA made for this run only')
    expect(out.warnings[0]).toContain(error.message)
  })

  it('a failure that is not the local environment is not papered over, and the next load retries', async () => {
    const keychain = failing(new RemoteError('something else'))
    const lazy = lazySignedIdentity(DOC, { keychain: () => keychain, now, out: recorder() })
    await expect(lazy.load()).rejects.toThrow('something else')
    await expect(lazy.load()).rejects.toThrow('something else')
    expect(keychain.calls).toBe(2)
    expect(lazy.current()).toBeUndefined()
  })
})
