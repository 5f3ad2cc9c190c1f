import type { SelectedPath } from './parameter-selector.js'
import type { StoreKind } from '../../shared/store-kinds.js'
/** A parameter as a store returns it. `value` is the only secret-bearing field. */
export interface Parameter {
  path: string
  value: string
  version: number
  lastModified: Date
  type: ParameterType
  /** The labels on this version (history and selected reads), when there are any. */
  labels?: string[]
  /** Who wrote this version, where the store records it (SSM's LastModifiedUser). */
  modifiedBy?: string
}

export type ParameterType = 'SecureString' | 'String'

/** A parameter without its value, for listings. */
export type ParameterInfo = Omit<Parameter, 'value'>

/** One entry of a parameter's history, oldest first. */
export type ParameterVersion = Parameter

/** What labelling a version did: SSM's LabelParameterVersion answer. */
export type LabelResult = { found: false } | { found: true; version: number; invalidLabels: string[] }

export interface PutOptions {
  type?: ParameterType
}

/**
 * The store port. Both stores share SSM's semantics: absolute slash-separated paths, a new
 * version on every write, history kept, recursive reads under a path.
 */
export interface ParameterStore {
  readonly kind: StoreKind
  /** Every parameter at or below `prefix`, recursively, decrypted. */
  getByPath(prefix: string): Promise<Parameter[]>
  /** One parameter, or undefined when there is none. */
  get(path: string): Promise<Parameter | undefined>
  /**
   * Parameters by name and optional selector (`:3`, `:prod`), in the order asked; undefined
   * where the parameter, version or label does not exist.
   */
  getSelected(selected: SelectedPath[]): Promise<(Parameter | undefined)[]>
  /** Attaches labels to a version (latest when undefined), moving them from other versions. */
  label(path: string, version: number | undefined, labels: string[]): Promise<LabelResult>
  /** Writes a new version and returns it. */
  put(path: string, value: string, options?: PutOptions): Promise<{ version: number }>
  /** Every kept version, oldest first. */
  history(path: string): Promise<ParameterVersion[]>
  /** Deletes the parameter and its history; false when there was none. */
  delete(path: string): Promise<boolean>
  /** Paths and versions at or below `prefix`, without reading a value (`run --watch` polls). */
  versionsByPath?(prefix: string): Promise<ParameterInfo[]>
  /** One parameter's version, without its value; undefined when there is none. */
  versionOf?(path: string): Promise<ParameterInfo | undefined>
}

export { STORE_KINDS, type StoreKind } from '../../shared/store-kinds.js'
