import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
let loaded: typeof import('node:crypto') | undefined

/**
 * `node:crypto`, loaded on first use. Importing it costs ~9 ms of start-up (Node compiles
 * ~20 internal modules), which `secrets credentials` with cached role credentials — the
 * credential_process of every AWS CLI call — never needs: it hashes, encrypts and draws
 * random bytes only when it refreshes or writes (issue #12). Modules on that path use this
 * instead of a top-level import.
 */
export function nodeCrypto(): typeof import('node:crypto') {
  return (loaded ??= require('node:crypto') as typeof import('node:crypto'))
}
