/**
 * The parameter store area: the `ParameterStore` port and its two stores (local, encrypted
 * with a keychain data key; AWS SSM), parameter paths, the masked views and what the store
 * commands print, and the "must exist" reads with the one `ParameterNotFound` error.
 * May import `shared/` and other areas only through their `index.ts` (today: keychain).
 */
import { join } from 'node:path'
import type { AwsContext } from '../../shared/aws-config.js'
import { configDir } from '../../shared/config-dir.js'
import type { Keychain } from '../keychain/index.js'
import { LocalStore } from './local-store.js'
import type { ParameterStore, StoreKind } from './parameter.js'
import { SsmStore } from './ssm-store.js'

export type {
  Parameter,
  ParameterInfo,
  ParameterStore,
  ParameterType,
  PutOptions,
  LabelResult,
  StoreKind,
} from './parameter.js'
export { STORE_KINDS } from './parameter.js'
export { parseParameterPath, parsePathPrefix, isUnderPrefix } from './parameter-path.js'
export { LocalStore, STORE_REKEY_STEPS, type StoreRekeyStep } from './local-store.js'
export {
  parseSelectedPath,
  parseSelector,
  labelProblem,
  selectedName,
  selectorText,
  type Selector,
  type SelectedPath,
} from './parameter-selector.js'
export {
  readDataKeyRecord,
  writeDataKeyRecord,
  newDataKeyRecord,
  candidateKeys,
  type DataKeyRecord,
} from './store-key.js'
export { SsmStore } from './ssm-store.js'
export { seal, open as openSealedBox, isSealedBox } from './sealed-box.js'
export type { SealedBox } from './sealed-box.js'
export { toParameterView } from './parameter-view.js'
export type { ParameterView } from './parameter-view.js'
export {
  presentParameter,
  presentParameterList,
  presentHistory,
  formatAge,
  type Presentation,
  type ShowOptions,
} from './parameter-presentation.js'
export {
  parameterNotFound,
  getExistingParameter,
  getExistingHistory,
  deleteExistingParameter,
  getExistingSelected,
  labelVersion,
  selectionNotFound,
  missingParameter,
} from './existing-parameter.js'
export { nearestPaths, suggestStorePaths, didYouMeanPaths } from './nearest-paths.js'

export interface OpenStoreDeps {
  env: NodeJS.ProcessEnv
  /** Opened lazily: only the local store needs it, and only when it has content. */
  keychain: () => Keychain
  aws: () => Promise<AwsContext> | AwsContext
  loginHint?: string
}

/** Returns the store of the given kind. Nothing is read or imported until first use. */
export function openStore(kind: StoreKind, deps: OpenStoreDeps): ParameterStore {
  if (kind === 'local') {
    return new LocalStore({ keychain: lazyKeychain(deps.keychain), file: localStoreFile(deps.env) })
  }
  return new LazySsmStore(deps)
}

/** The local store's file: `<config dir>/store.enc`. */
export function localStoreFile(env: NodeJS.ProcessEnv): string {
  return join(configDir(env), 'store.enc')
}

function lazyKeychain(open: () => Keychain): Keychain {
  let keychain: Keychain | undefined
  const get = () => (keychain ??= open())
  return {
    get kind() {
      return get().kind
    },
    get: (account) => get().get(account),
    set: (account, secret) => get().set(account, secret),
    delete: (account) => get().delete(account),
    list: () => get().list(),
  }
}

/** Resolves the AWS context (which may need the keychain session) on first use. */
class LazySsmStore implements ParameterStore {
  readonly kind = 'ssm' as const
  #store: Promise<SsmStore> | undefined
  constructor(private readonly deps: OpenStoreDeps) {}
  #get(): Promise<SsmStore> {
    this.#store ??= Promise.resolve(this.deps.aws()).then(
      (aws) => new SsmStore({ aws, ...(this.deps.loginHint ? { loginHint: this.deps.loginHint } : {}) }),
    )
    return this.#store
  }
  getByPath: ParameterStore['getByPath'] = async (p) => (await this.#get()).getByPath(p)
  get: ParameterStore['get'] = async (p) => (await this.#get()).get(p)
  getSelected: ParameterStore['getSelected'] = async (s) => (await this.#get()).getSelected(s)
  label: ParameterStore['label'] = async (p, v, l) => (await this.#get()).label(p, v, l)
  put: ParameterStore['put'] = async (p, v, o) => (await this.#get()).put(p, v, o)
  history: ParameterStore['history'] = async (p) => (await this.#get()).history(p)
  delete: ParameterStore['delete'] = async (p) => (await this.#get()).delete(p)
  versionsByPath = async (p: string) => (await this.#get()).versionsByPath(p)
  versionOf = async (p: string) => (await this.#get()).versionOf(p)
}
