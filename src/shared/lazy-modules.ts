import { createRequire } from 'node:module'
import type Ignore from 'ignore'
import type Forge from 'node-forge'
import type Picomatch from 'picomatch'

// Modules whose import costs start-up time that the commands run many times a day mostly do
// not need (issue #10: scan --staged on every commit; issue #12: credentials on every AWS CLI
// call): loaded on first use instead of by a top-level import.
const require = createRequire(import.meta.url)
let crypto: typeof import('node:crypto') | undefined
let glob: typeof Picomatch | undefined
let gitignore: typeof Ignore | undefined
let nodeForgeLib: typeof Forge | undefined

/**
 * `node:crypto`, loaded on first use. Importing it costs ~9 ms (Node compiles ~20 internal
 * modules); `credentials` with cached role credentials hashes, encrypts or draws random
 * bytes only when it refreshes or writes, and `scan` hashes only when it has a finding.
 */
export function nodeCrypto(): typeof import('node:crypto') {
  return (crypto ??= require('node:crypto') as typeof import('node:crypto'))
}

/**
 * picomatch, loaded on first use: a CommonJS package (~5 ms to load from an ES module) that
 * only a scan config with `allowPaths` needs.
 */
export function picomatch(): typeof Picomatch {
  return (glob ??= require('picomatch') as typeof Picomatch)
}

/**
 * `ignore` (.gitignore matching), loaded on first use: only a tree scan outside git reads
 * .gitignore files itself. Lazy here rather than a top-level import because the fast bundles
 * (scripts/bundle-fast.mjs) put a whole command group in one file, where a package imported at
 * the top of any module would load on every start of the group.
 */
export function ignoreRules(): typeof Ignore {
  return (gitignore ??= require('ignore') as typeof Ignore)
}

/**
 * node-forge (certificates and PKCS#7 for the emulator's signed identity documents), loaded
 * on first use: ~600 KB of CommonJS that only `--imds` with a signing CA needs, for the same
 * reason as `ignoreRules`.
 */
export function nodeForge(): typeof Forge {
  return (nodeForgeLib ??= require('node-forge') as typeof Forge)
}
