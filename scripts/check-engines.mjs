// Every installed package whose `engines.node` excludes a Node version CI tests (issue 24):
// `npm ls` lists the tree but does not check engines against other Node versions than the one
// running. Usage: node scripts/check-engines.mjs 24.22.3 22.23.5 20.20.2   (exit 1 on any)
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import semver from 'semver'

const versions = process.argv.slice(2)
if (versions.length === 0) {
  console.error('usage: node scripts/check-engines.mjs VERSION...')
  process.exit(2)
}
const excluded = []
let seen = 0
const walk = (dir, depth) => {
  if (depth > 20 || !existsSync(dir)) return
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue
    const path = join(dir, name)
    if (name.startsWith('@')) {
      walk(path, depth)
      continue
    }
    const manifest = join(path, 'package.json')
    if (!existsSync(manifest)) continue
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'))
    seen++
    const range = pkg.engines?.node
    if (typeof range === 'string')
      for (const v of versions)
        if (!semver.satisfies(v, range))
          excluded.push(`${pkg.name}@${pkg.version} (engines.node "${range}") excludes Node ${v}: ${path}`)
    walk(join(path, 'node_modules'), depth + 1)
  }
}
walk('node_modules', 0)
for (const line of excluded) console.error(line)
console.log(`${seen} packages checked against Node ${versions.join(', ')}: ${excluded.length} excluded`)
process.exit(excluded.length > 0 ? 1 : 0)
