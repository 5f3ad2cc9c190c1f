import { randomBytes } from 'node:crypto'
import { LocalEnvError } from '../../shared/errors.js'
import { parseJsonOrUndefined } from '../../shared/json.js'
import type { Keychain } from '../keychain/index.js'

/**
 * A data key as kept in its keychain item (the local store's, the run cache's): the key,
 * when it was made, the store's generation (a counter bound into the file's associated data,
 * so an older file put back is refused), and during a `secrets rekey` the previous key, so
 * that a crash between writing the keychain and the files leaves the old files readable.
 * Older versions kept the bare base64 key; such an item reads as generation 1, age unknown.
 */
export interface DataKeyRecord {
  key: Buffer
  /** The last generation written with this keychain item; 0: nothing written yet. */
  generation: number
  /** ISO time the key was made; absent for a key from before records. */
  created?: string
  /** The key being replaced by an unfinished rekey. */
  previous?: Buffer
}

interface StoredRecord {
  v: 2
  key: string
  generation: number
  created?: string
  previous?: string
}

/** Reads the record in `item`; undefined when the keychain has no such item. */
export async function readDataKeyRecord(
  keychain: Keychain,
  item: string,
): Promise<DataKeyRecord | undefined> {
  const stored = await keychain.get(item)
  if (stored === undefined) return undefined
  const parsed = stored.startsWith('{')
    ? (parseJsonOrUndefined(stored) as StoredRecord | undefined)
    : undefined
  if (parsed === undefined) return { key: decodeKey(stored, item, keychain), generation: 1 }
  if (parsed.v !== 2 || typeof parsed.key !== 'string' || !Number.isSafeInteger(parsed.generation))
    throw malformed(item, keychain)
  return {
    key: decodeKey(parsed.key, item, keychain),
    generation: parsed.generation,
    ...(typeof parsed.created === 'string' ? { created: parsed.created } : {}),
    ...(typeof parsed.previous === 'string' ? { previous: decodeKey(parsed.previous, item, keychain) } : {}),
  }
}

/** Writes the record to `item` (before anything is encrypted with a new key). */
export async function writeDataKeyRecord(
  keychain: Keychain,
  item: string,
  record: DataKeyRecord,
): Promise<void> {
  const stored: StoredRecord = {
    v: 2,
    key: record.key.toString('base64'),
    generation: record.generation,
    ...(record.created ? { created: record.created } : {}),
    ...(record.previous ? { previous: record.previous.toString('base64') } : {}),
  }
  await keychain.set(item, JSON.stringify(stored))
}

/** A fresh record: a random 256-bit key, made now, nothing written with it yet. */
export function newDataKeyRecord(now: Date, previous?: Buffer): DataKeyRecord {
  return {
    key: randomBytes(32),
    generation: 0,
    created: now.toISOString(),
    ...(previous ? { previous } : {}),
  }
}

/** The keys a file sealed under this record may be sealed with: the current, then the previous. */
export function candidateKeys(record: DataKeyRecord): Buffer[] {
  return record.previous ? [record.key, record.previous] : [record.key]
}

function decodeKey(text: string, item: string, keychain: Keychain): Buffer {
  const key = Buffer.from(text, 'base64')
  if (key.length !== 32) throw malformed(item, keychain)
  return key
}

function malformed(item: string, keychain: Keychain): LocalEnvError {
  return new LocalEnvError(`The key "${item}" in the ${keychain.kind} keychain is malformed.`, {
    code: 'DataKeyMalformed',
  })
}
