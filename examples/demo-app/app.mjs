// A small app that expects its configuration in the environment, the way twelve-factor apps
// do. It never prints a secret: only whether each one arrived, and a masked form.
const required = ['DB_USER', 'DB_PASSWORD', 'API_TOKEN', 'SESSION_SECRET', 'GREETING']
const mask = (v) => (v.length < 12 ? '****' : `****${v.slice(-4)}`)
let missing = 0
for (const name of required) {
  const value = process.env[name]
  if (value === undefined) {
    missing++
    console.log(`  ${name.padEnd(15)} missing`)
  } else {
    console.log(`  ${name.padEnd(15)} ${name === 'GREETING' || name === 'DB_USER' ? value : mask(value)}`)
  }
}
console.log(
  missing
    ? `demo app: ${missing} setting(s) missing`
    : 'demo app: all settings present, starting up... done.',
)
process.exit(missing ? 1 : 0)
