import forge from 'node-forge'
import { describe, expect, it } from 'vitest'
import { MemoryKeychain, KeychainItem } from '../../../src/core/keychain/index.js'
import { loadDevCa, signIdentity } from '../../../src/core/imds/dev-ca.js'

describe('loadDevCa', () => {
  it('creates the CA once, keeps it in the keychain item, and reuses it', async () => {
    const keychain = new MemoryKeychain()
    const now = new Date('2026-01-01T00:00:00Z')
    const first = await loadDevCa(keychain, now)
    expect(await keychain.list()).toEqual([KeychainItem.imdsCa])
    expect(await loadDevCa(keychain, now)).toEqual(first)
    const cert = forge.pki.certificateFromPem(first.certPem)
    expect(cert.subject.getField('CN').value).toMatch(/development CA \(not AWS\)/)
    expect(cert.getExtension('basicConstraints')).toMatchObject({ cA: true })
    expect(cert.validity.notAfter.getUTCFullYear()).toBe(2036)
    expect(cert.verify(cert)).toBe(true)
  })

  it('signs the document: RSA-SHA256 signature that the certificate verifies', async () => {
    const ca = await loadDevCa(new MemoryKeychain(), new Date())
    const signed = signIdentity('{"accountId":"1"}', ca)
    const cert = forge.pki.certificateFromPem(ca.certPem)
    const md = forge.md.sha256.create()
    md.update('{"accountId":"1"}', 'utf8')
    const key = cert.publicKey as forge.pki.rsa.PublicKey
    expect(key.verify(md.digest().bytes(), forge.util.decode64(signed.signature))).toBe(true)
    expect(signed.pkcs7).not.toContain('BEGIN')
    expect(signed.pkcs7).toMatch(/^[A-Za-z0-9+/=\n]+$/)
  })
})
