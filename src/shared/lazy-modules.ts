import { createRequire } from 'node:module'
import type Picomatch from 'picomatch'

// Modules whose import costs start-up time that the commands run many times a day mostly do
// not need (issue #10: scan --staged on every commit; issue #12: credentials on every AWS CLI
// call): loaded on first use instead of by a top-level import.
const require = createRequire(import.meta.url)
let crypto: typeof import('node:crypto') | undefined
let glob: typeof Picomatch | undefined

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
