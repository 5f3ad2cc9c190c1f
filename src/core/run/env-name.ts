import { UsageError } from '../../shared/errors.js'

/**
 * Maps a parameter path to an environment variable name: the path relative to its prefix,
 * every non-alphanumeric character (including `/`) to `_`, upper-cased.
 * `/app/dev/db/password` under `/app/dev` → `DB_PASSWORD`; a prefix that is the parameter
 * itself (`--path /app/dev/db/password`) → `PASSWORD`.
 */
export function envNameFor(path: string, prefix: string): string {
  // A --path that names a parameter itself: the variable is named after its last segment.
  if (path === prefix && prefix !== '/')
    return (prefix.split('/').at(-1) ?? '').replace(/[^A-Za-z0-9]/g, '_').toUpperCase()
  const base = prefix === '/' ? '/' : `${prefix}/`
  const relative = path.startsWith(base) ? path.slice(base.length) : path.replace(/^\//, '')
  return relative.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()
}

export interface NamedParameter {
  name: string
  path: string
}

/**
 * Names every parameter and refuses two that map to one variable (`/a/db-url` and
 * `/a/db_url` both → `DB_URL`): picking one silently would run the app with the wrong value.
 */
export function assignEnvNames(params: { path: string; prefix: string }[]): NamedParameter[] {
  const byName = new Map<string, string>()
  const out: NamedParameter[] = []
  for (const { path, prefix } of params) {
    const name = envNameFor(path, prefix)
    if (name === '') continue
    const other = byName.get(name)
    if (other !== undefined && other !== path) {
      throw new UsageError(`Parameters ${other} and ${path} both map to the variable ${name}.`, {
        hint: 'Rename one of them, or narrow --path so only one is read.',
        code: 'EnvNameCollision',
      })
    }
    byName.set(name, path)
    out.push({ name, path })
  }
  return out
}
