import { columnLines } from '../../shared/table.js'
import { isUnlockVariable } from '../keychain/index.js'

/** Where a variable in the child's environment came from, for `--explain`. */
export type EnvSource =
  | { layer: 'env-file'; file: string; reference?: string; version?: number }
  | { layer: 'inherited' }
  | { layer: 'preserved' }
  | { layer: 'store'; store: string; path: string; version?: number; overrides?: string[] }
  | { layer: 'secrets' }

export interface EnvEntry {
  name: string
  value: string
  source: EnvSource
}

export interface ChildEnvInput {
  /** From `--env-file` files, in order (later files win), references already resolved. */
  fileEntries: EnvEntry[]
  /** The environment `secrets run` itself was started with. */
  inherited: NodeJS.ProcessEnv
  /** From the store paths, already named (collisions already refused). */
  storeEntries: EnvEntry[]
  /** `--preserve-env`: inherited values that the store must not replace. */
  preserve: string[]
  /** Variables set by `secrets` itself (nesting marker, metadata endpoints): highest. */
  ownEntries: EnvEntry[]
  /** Variables removed from the child (e.g. static AWS keys when an emulator serves identity). */
  unset: string[]
}

export interface ChildEnv {
  env: Record<string, string>
  sources: Map<string, EnvSource>
}

/**
 * Builds the child's environment, lowest to highest precedence: env files → inherited
 * environment → store parameters → variables `secrets` itself sets. `--preserve-env` names
 * keep their inherited value over the store's. Unlock material (the keychain's list) is
 * removed whatever layer set it: the child gets what was injected and nothing that opens more.
 */
export function buildChildEnv(input: ChildEnvInput): ChildEnv {
  const env: Record<string, string> = {}
  const sources = new Map<string, EnvSource>()
  const put = (name: string, value: string, source: EnvSource) => {
    env[name] = value
    sources.set(name, source)
  }
  for (const e of input.fileEntries) put(e.name, e.value, e.source)
  for (const [name, value] of Object.entries(input.inherited)) {
    if (value !== undefined) put(name, value, { layer: 'inherited' })
  }
  const preserved = new Set(input.preserve)
  for (const e of input.storeEntries) {
    if (preserved.has(e.name) && input.inherited[e.name] !== undefined) {
      sources.set(e.name, { layer: 'preserved' })
      continue
    }
    put(e.name, e.value, e.source)
  }
  for (const e of input.ownEntries) put(e.name, e.value, e.source)
  for (const name of [...input.unset, ...Object.keys(env).filter(isUnlockVariable)]) {
    delete env[name]
    sources.delete(name)
  }
  return { env, sources }
}

/**
 * One `--explain` line per variable that `secrets` supplied or decided on (names only), in
 * columns: name, source, version, note (what it overrides or why it was kept).
 */
export function explainLines(sources: Map<string, EnvSource>): string[] {
  const rows: string[][] = []
  for (const [name, source] of [...sources.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    switch (source.layer) {
      case 'inherited':
        continue
      case 'env-file':
        rows.push([
          name,
          `env-file ${source.file}${source.reference ? ` → ${source.reference}` : ''}`,
          versionNote(source.version),
        ])
        break
      case 'preserved':
        rows.push([name, 'inherited', '', '(kept by --preserve-env over the store)'])
        break
      case 'store':
        rows.push([
          name,
          `${source.store}:${source.path}`,
          versionNote(source.version),
          source.overrides
            ? `(overrides ${source.overrides.map((p) => `${source.store}:${p}`).join(', ')})`
            : '',
        ])
        break
      case 'secrets':
        rows.push([name, 'set by secrets'])
        break
    }
  }
  return columnLines(rows)
}

/** The version column of an `--explain` line: which version the value came from. */
function versionNote(version: number | undefined): string {
  return version === undefined ? '' : `version ${version}`
}
