// Turns hyperfine's JSON from throughput.sh into MB/s and ratios (wall clock and CPU time).
import { readFileSync, existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

function treeBytes(dir) {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    total += entry.isDirectory() ? treeBytes(path) : statSync(path).size
  }
  return total
}

function report(label, jsonFile, tree) {
  if (!existsSync(jsonFile)) return
  const mb = treeBytes(join(tree, 'tree')) / 1e6
  const results = JSON.parse(readFileSync(jsonFile, 'utf8')).results
  console.log(`\n${label}: ${mb.toFixed(1)} MB`)
  const rows = results.map((r) => ({ name: r.command, wall: r.median, cpu: (r.user ?? 0) + (r.system ?? 0) }))
  const ours = rows.find((r) => r.name === 'secrets')
  for (const r of rows) {
    const ratio = ours
      ? ` | secrets/${r.name} speed ×${(r.wall / ours.wall).toFixed(2)} wall, ×${(r.cpu / ours.cpu).toFixed(2)} cpu`
      : ''
    console.log(
      `  ${r.name.padEnd(10)} median ${r.wall.toFixed(3)} s  ${(mb / r.wall).toFixed(1)} MB/s wall  (cpu ${r.cpu.toFixed(2)} s)${ratio}`,
    )
  }
}

const [big, small] = process.argv.slice(2)
report('50 MB / 5k files', 'bench/.work/throughput-big.json', big)
report('secretlint stock, 50 MB', 'bench/.work/throughput-secretlint-big.json', big)
report('small tree', 'bench/.work/throughput-small.json', small)
