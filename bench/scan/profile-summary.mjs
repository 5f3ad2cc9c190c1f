// Where a scan's time goes: sums the self time of every .cpuprofile in a directory (one per
// thread, from `node --cpu-prof --cpu-prof-dir=DIR bin/run.js scan …`) by category and by
// function. Self time is wall time on the thread (V8 samples on a clock), so `idle` is the
// thread waiting (for git, for a worker), and a loaded machine stretches every figure.
//   node bench/scan/profile-summary.mjs DIR [TOP]
import { readFileSync, readdirSync } from 'node:fs'

const [dir, top = '15'] = process.argv.slice(2)
if (!dir) {
  console.error('usage: node bench/scan/profile-summary.mjs DIR [TOP]')
  process.exit(2)
}

/** The category of a profile node, from its function name and script URL. */
function category(name, url) {
  if (name === '(garbage collector)') return 'GC'
  if (name === '(idle)') return 'idle (waiting)'
  if (name === '(program)') return 'V8 (program: compile, IC)'
  if (name.startsWith('RegExp: ')) return 'rule regexes'
  if (url.includes('/engine/keyword-index')) return 'keyword pass'
  if (url.includes('/engine/')) return 'engine (windows, rule logic, findings)'
  if (url.includes('node_modules/@oclif')) return 'oclif'
  if (/modules\/(esm|cjs)|bootstrap\/realm|package_json_reader|node:internal\/url|node:path/.test(url))
    return 'module loading'
  if (url.includes('node:buffer')) return 'Buffer (toString, slices)'
  if (/git-source|git-history|child_process|node:net|node:internal\/streams|node:events/.test(url))
    return 'git processes and the blob stream'
  if (url.includes('/dist/')) return 'other dist code'
  return name === '' || url === '' ? 'native (other)' : 'node internals (other)'
}

const cats = new Map()
const fns = new Map()
let total = 0
for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
  const profile = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'))
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  let thread = 0
  profile.samples.forEach((id, i) => {
    const t = profile.timeDeltas[i] ?? 0
    const { functionName, url, lineNumber } = byId.get(id).callFrame
    const cat = category(functionName, url)
    cats.set(cat, (cats.get(cat) ?? 0) + t)
    const key = `${functionName || '(anonymous)'} ${url.replace(/.*\/(dist|node_modules)\//, '$1/')}:${lineNumber}`
    fns.set(key, (fns.get(key) ?? 0) + t)
    thread += t
  })
  total += thread
  console.log(`${file}: ${(thread / 1000).toFixed(0)} ms`)
}
const print = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .forEach(([k, t]) =>
      console.log(
        `${(t / 1000).toFixed(0).padStart(7)} ms ${((100 * t) / total).toFixed(1).padStart(5)} %  ${k}`,
      ),
    )
console.log(`\nby category (all threads, ${(total / 1000).toFixed(0)} ms):`)
print(cats, 99)
console.log(`\ntop ${top} functions:`)
print(fns, Number(top))
