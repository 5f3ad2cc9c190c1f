import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/** An AES-256-GCM envelope: what the local store and the run cache write to disk. */
export interface SealedBox {
  iv: string
  tag: string
  data: string
}

/** Encrypts `plaintext` with a fresh 96-bit IV; `aad` binds the envelope's header. */
export function seal(key: Buffer, plaintext: string, aad: string): SealedBox {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(aad))
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return {
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  }
}

/** Decrypts a box; throws when the key is wrong or any byte was changed. */
export function open(key: Buffer, box: SealedBox, aad: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(box.iv, 'base64'))
  decipher.setAAD(Buffer.from(aad))
  decipher.setAuthTag(Buffer.from(box.tag, 'base64'))
  return Buffer.concat([decipher.update(Buffer.from(box.data, 'base64')), decipher.final()]).toString('utf8')
}

/** True when `value` has the shape of a sealed box. */
export function isSealedBox(value: unknown): value is SealedBox {
  if (!value || typeof value !== 'object') return false
  const box = value as Record<string, unknown>
  return typeof box.iv === 'string' && typeof box.tag === 'string' && typeof box.data === 'string'
}
