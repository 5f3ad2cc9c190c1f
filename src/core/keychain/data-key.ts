import { nodeCrypto } from '../../shared/lazy-modules.js'
import { LocalEnvError } from '../../shared/errors.js'
import type { Keychain } from './keychain.js'

/** Reads a 256-bit data key kept (base64) in a keychain item; undefined when there is none. */
export async function readDataKey(keychain: Keychain, item: string): Promise<Buffer | undefined> {
  const stored = await keychain.get(item)
  if (!stored) return undefined
  const key = Buffer.from(stored, 'base64')
  if (key.length !== 32)
    throw new LocalEnvError(`The key "${item}" in the ${keychain.kind} keychain is malformed.`)
  return key
}

/** Creates a random 256-bit data key and stores it in the keychain before anything is encrypted with it. */
export async function createDataKey(keychain: Keychain, item: string): Promise<Buffer> {
  const key = nodeCrypto().randomBytes(32)
  await keychain.set(item, key.toString('base64'))
  return key
}
