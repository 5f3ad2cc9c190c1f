import { readFileSync } from 'node:fs'
import { writeFileAtomic } from '../../shared/atomic-file.js'
import { LocalEnvError, UsageError, systemErrorCode } from '../../shared/errors.js'
import { withLock } from '../../shared/file-lock.js'
import { parseJsonOrUndefined } from '../../shared/json.js'
import type { Keychain } from '../keychain/index.js'
import { KeychainItem } from '../keychain/index.js'
import type { LabelResult, Parameter, ParameterStore, ParameterType, PutOptions } from './parameter.js'
import { isUnderPrefix } from './parameter-path.js'
import { MAX_LABELS_PER_VERSION, labelProblem, type SelectedPath } from './parameter-selector.js'
import { isSealedBox, open, seal, type SealedBox } from './sealed-box.js'
import {
  candidateKeys,
  newDataKeyRecord,
  readDataKeyRecord,
  writeDataKeyRecord,
  type DataKeyRecord,
} from './store-key.js'

const FORMAT = 'secrets-local-store'
/** SSM keeps the last 100 versions of a parameter; so do we. */
export const MAX_VERSIONS = 100

interface StoredVersion {
  version: number
  value: string
  modified: string
  type: ParameterType
  labels?: string[]
}
interface StoreContent {
  parameters: Record<string, { versions: StoredVersion[] }>
}

/** The file's envelope: format 1 had no generation (it reads as generation 1). */
type Envelope = SealedBox & { format: string; version: 1 | 2; generation?: number }

/** The associated data that binds the envelope's header, and with it the generation. */
function aad(envelope: { version: 1 | 2; generation?: number }): string {
  return envelope.version === 1 ? `${FORMAT}/1` : `${FORMAT}/2/generation=${envelope.generation ?? 0}`
}

export interface LocalStoreDeps {
  keychain: Keychain
  /** The encrypted file, e.g. ~/.config/secrets/store.enc */
  file: string
  now?: () => Date
}

/** The steps of a rekey, in order: a crash after any of them leaves the old or the new state. */
export const STORE_REKEY_STEPS = ['store-key-saved', 'store-written', 'store-key-settled'] as const
export type StoreRekeyStep = (typeof STORE_REKEY_STEPS)[number]

/**
 * The embedded store: one AES-256-GCM encrypted file, its random data key in the keychain.
 * The keychain item also holds the store's generation, which every write raises and the
 * file's associated data carries: a file older than the keychain says (a backup or a
 * rollback put back) is refused, and a missing file whose key says it was written is an
 * error, never a new empty store. Reads need no lock; writes take a lock, re-read, and
 * replace the file atomically, so a crash mid-write leaves the previous content and a
 * concurrent writer is never lost. The file is written before the keychain's generation is
 * raised: a crash between the two leaves a newer file, which is accepted.
 */
export class LocalStore implements ParameterStore {
  readonly kind = 'local' as const
  #record: DataKeyRecord | null | undefined

  constructor(private readonly deps: LocalStoreDeps) {}

  async getByPath(prefix: string): Promise<Parameter[]> {
    const { content } = await this.#read()
    const out: Parameter[] = []
    for (const [path, entry] of Object.entries(content.parameters)) {
      if (!isUnderPrefix(path, prefix)) continue
      const latest = entry.versions.at(-1)
      if (latest) out.push(toParameter(path, latest))
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  }

  async get(path: string): Promise<Parameter | undefined> {
    const latest = (await this.#read()).content.parameters[path]?.versions.at(-1)
    return latest ? toParameter(path, latest) : undefined
  }

  async getSelected(selected: SelectedPath[]): Promise<(Parameter | undefined)[]> {
    const { content } = await this.#read()
    return selected.map(({ path, selector }) => {
      const versions = content.parameters[path]?.versions ?? []
      const found = !selector
        ? versions.at(-1)
        : selector.kind === 'version'
          ? versions.find((v) => v.version === selector.version)
          : versions.find((v) => v.labels?.includes(selector.label))
      return found ? toParameter(path, found) : undefined
    })
  }

  async put(path: string, value: string, options: PutOptions = {}): Promise<{ version: number }> {
    let version = 0
    await this.#update((content) => {
      const entry = (content.parameters[path] ??= { versions: [] })
      if (entry.versions.length >= MAX_VERSIONS && entry.versions[0]?.labels?.length) {
        // SSM's rule (ParameterMaxVersionLimitExceeded): the oldest kept version is only
        // dropped when no label points at it.
        throw new UsageError(
          `${path} has ${MAX_VERSIONS} versions and the oldest (version ${entry.versions[0].version}) carries the label(s) ${entry.versions[0].labels.join(', ')}: a new version would drop it.`,
          {
            hint: `Move the label to a newer version with \`secrets label ${path} VERSION LABEL\` first.`,
            code: 'ParameterMaxVersionLimitExceeded',
          },
        )
      }
      version = (entry.versions.at(-1)?.version ?? 0) + 1
      entry.versions.push({
        version,
        value,
        modified: this.#now().toISOString(),
        type: options.type ?? entry.versions.at(-1)?.type ?? 'SecureString',
      })
      if (entry.versions.length > MAX_VERSIONS) entry.versions.splice(0, entry.versions.length - MAX_VERSIONS)
      return true
    })
    return { version }
  }

  async label(path: string, version: number | undefined, labels: string[]): Promise<LabelResult> {
    const invalidLabels = labels.filter((l) => labelProblem(l) !== undefined)
    const valid = labels.filter((l) => labelProblem(l) === undefined)
    let labelled: number | undefined
    await this.#update((content) => {
      const entry = content.parameters[path]
      const target =
        version === undefined ? entry?.versions.at(-1) : entry?.versions.find((v) => v.version === version)
      if (!entry || !target) {
        labelled = undefined
        return false
      }
      labelled = target.version
      const adding = valid.filter((l) => !target.labels?.includes(l))
      if ((target.labels?.length ?? 0) + adding.length > MAX_LABELS_PER_VERSION) {
        throw new UsageError(
          `Version ${target.version} of ${path} would carry more than ${MAX_LABELS_PER_VERSION} labels (SSM's limit).`,
          {
            hint: 'Move one or more labels to another version first.',
            code: 'ParameterVersionLabelLimitExceeded',
          },
        )
      }
      if (adding.length === 0) return false
      // A label names one version of a parameter: attaching it moves it, as in SSM.
      for (const v of entry.versions) {
        if (v === target || !v.labels) continue
        v.labels = v.labels.filter((l) => !adding.includes(l))
        if (v.labels.length === 0) delete v.labels
      }
      target.labels = [...(target.labels ?? []), ...adding]
      return true
    })
    return labelled === undefined ? { found: false } : { found: true, version: labelled, invalidLabels }
  }

  async history(path: string): Promise<Parameter[]> {
    const entry = (await this.#read()).content.parameters[path]
    return entry ? entry.versions.map((v) => toParameter(path, v)) : []
  }

  async delete(path: string): Promise<boolean> {
    let deleted = false
    await this.#update((content) => {
      deleted = path in content.parameters
      delete content.parameters[path]
      return deleted
    })
    return deleted
  }

  /** When the data key was made (undefined: a key from before that was recorded, or none yet). */
  async keyCreated(): Promise<{ exists: boolean; created?: string }> {
    const record = await this.#keyRecord()
    return record
      ? { exists: true, ...(record.created ? { created: record.created } : {}) }
      : { exists: false }
  }

  /**
   * Replaces the data key: the keychain first gets the new key with the old one beside it,
   * then the file is re-encrypted with the new key (a higher generation), then the old key
   * is dropped. `onStep` is called after each step (the crash test kills the process there).
   */
  async rekey(
    onStep: (step: StoreRekeyStep) => Promise<void> = async () => {},
  ): Promise<{ rekeyed: boolean }> {
    return withLock(`${this.deps.file}.lock`, async () => {
      this.#record = undefined
      const { content, generation, key, exists } = await this.#read()
      if (!exists || !key) return { rekeyed: false }
      const next = newDataKeyRecord(this.#now(), key)
      next.generation = (await this.#keyRecord())?.generation ?? generation
      await writeDataKeyRecord(this.deps.keychain, KeychainItem.localStoreKey, next)
      this.#record = next
      await onStep('store-key-saved')
      const written = Math.max(generation, next.generation) + 1
      await this.#write(content, next.key, written)
      await onStep('store-written')
      const settled: DataKeyRecord = {
        key: next.key,
        generation: written,
        ...(next.created ? { created: next.created } : {}),
      }
      await writeDataKeyRecord(this.deps.keychain, KeychainItem.localStoreKey, settled)
      this.#record = settled
      await onStep('store-key-settled')
      return { rekeyed: true }
    })
  }

  #now(): Date {
    return (this.deps.now ?? (() => new Date()))()
  }

  async #update(change: (content: StoreContent) => boolean): Promise<void> {
    await withLock(`${this.deps.file}.lock`, async () => {
      // Another process may have written since this one last read the keychain.
      this.#record = undefined
      const { content, generation } = await this.#read()
      if (!change(content)) return
      let record = await this.#keyRecord()
      if (!record) {
        // The key reaches the keychain before anything is encrypted with it.
        record = newDataKeyRecord(this.#now())
        await writeDataKeyRecord(this.deps.keychain, KeychainItem.localStoreKey, record)
      }
      const written = Math.max(generation, record.generation) + 1
      await this.#write(content, record.key, written)
      const next: DataKeyRecord = {
        key: record.key,
        generation: written,
        created: record.created ?? oldestWrite(content) ?? this.#now().toISOString(),
      }
      await writeDataKeyRecord(this.deps.keychain, KeychainItem.localStoreKey, next)
      this.#record = next
    })
  }

  async #write(content: StoreContent, key: Buffer, generation: number): Promise<void> {
    const header = { format: FORMAT, version: 2 as const, generation }
    const box = seal(key, JSON.stringify(content), aad(header))
    await writeFileAtomic(this.deps.file, `${JSON.stringify({ ...header, ...box })}\n`)
  }

  async #keyRecord(): Promise<DataKeyRecord | undefined> {
    if (this.#record === undefined)
      this.#record = (await readDataKeyRecord(this.deps.keychain, KeychainItem.localStoreKey)) ?? null
    return this.#record ?? undefined
  }

  async #read(): Promise<{ content: StoreContent; generation: number; key?: Buffer; exists: boolean }> {
    let raw: string
    try {
      raw = readFileSync(this.deps.file, 'utf8') // synchronous: see readAwsFile in shared/aws-config-file.ts
    } catch (error) {
      if (systemErrorCode(error) === 'ENOENT') {
        const record = await this.#keyRecord()
        if (record && record.generation > 0) throw missingStore(this.deps.file, this.deps.keychain.kind)
        return { content: { parameters: {} }, generation: 0, exists: false }
      }
      throw new LocalEnvError(
        `Cannot read the local store ${this.deps.file}: ${systemErrorCode(error) ?? 'error'}.`,
        {
          hint: 'Check the file permissions (it should be yours, mode 0600).',
          cause: error,
        },
      )
    }
    const envelope = parseJsonOrUndefined(raw) as Envelope | undefined
    if (
      !isSealedBox(envelope) ||
      envelope.format !== FORMAT ||
      (envelope.version !== 1 && envelope.version !== 2) ||
      (envelope.version === 2 && !Number.isSafeInteger(envelope.generation))
    ) {
      throw corrupted(this.deps.file, 'it is not a secrets store file')
    }
    const record = await this.#keyRecord()
    if (!record) {
      throw new LocalEnvError(
        // Reached only when the keychain answered and has no such item: a keychain that cannot
        // be reached or unlocked throws its own error first, and moving the store aside would
        // then throw away data whose key is safe where the keychain is.
        `The local store ${this.deps.file} exists but its key is not in the ${this.deps.keychain.kind} keychain (the keychain answered; it has no item "${KeychainItem.localStoreKey}").`,
        {
          hint: 'Use the keychain that created it (check SECRETS_KEYCHAIN), or move the file aside to start an empty store. The file is left untouched.',
          code: 'LocalStoreKeyMissing',
        },
      )
    }
    const generation = envelope.version === 1 ? 1 : (envelope.generation ?? 0)
    let plain: string | undefined
    let key: Buffer | undefined
    for (const candidate of candidateKeys(record)) {
      try {
        plain = open(candidate, envelope, aad(envelope))
        key = candidate
        break
      } catch {
        /* the next candidate, else corrupted */
      }
    }
    if (plain === undefined) {
      throw corrupted(
        this.deps.file,
        'it fails authentication: it was modified, or the keychain holds another key',
      )
    }
    if (generation < record.generation) throw rolledBack(this.deps.file, generation, record.generation)
    const content = JSON.parse(plain) as StoreContent
    if (!content || typeof content.parameters !== 'object')
      throw corrupted(this.deps.file, 'unexpected content')
    return { content, generation, exists: true, ...(key ? { key } : {}) }
  }
}

/** The earliest write in the store: a lower bound of an old key's age. */
function oldestWrite(content: StoreContent): string | undefined {
  let oldest: string | undefined
  for (const entry of Object.values(content.parameters))
    for (const v of entry.versions) if (oldest === undefined || v.modified < oldest) oldest = v.modified
  return oldest
}

function toParameter(path: string, v: StoredVersion): Parameter {
  return {
    path,
    value: v.value,
    version: v.version,
    lastModified: new Date(v.modified),
    type: v.type,
    ...(v.labels?.length ? { labels: [...v.labels] } : {}),
  }
}

function corrupted(file: string, why: string): LocalEnvError {
  return new LocalEnvError(`The local store ${file} cannot be read: ${why}.`, {
    hint: 'Nothing was changed. Restore the file from a backup, or move it aside to start an empty store.',
    code: 'LocalStoreCorrupt',
  })
}

function missingStore(file: string, keychain: string): LocalEnvError {
  return new LocalEnvError(
    `The local store ${file} is missing, but its key in the ${keychain} keychain says it was written: refusing to start an empty store in its place.`,
    {
      hint: `Restore ${file} from a backup of its latest state. To discard the store on purpose, delete the keychain item "${KeychainItem.localStoreKey}" too.`,
      code: 'LocalStoreMissing',
    },
  )
}

function rolledBack(file: string, found: number, expected: number): LocalEnvError {
  return new LocalEnvError(
    `The local store ${file} is older than its key in the keychain says (generation ${found}, the keychain has ${expected}): an older copy was put back (a backup or a rollback). It is not used.`,
    {
      hint: 'Restore the latest copy of the file. Nothing was changed; writes stay refused until then.',
      code: 'LocalStoreRolledBack',
    },
  )
}
