// The child of the --mask benchmark: writes MB megabytes of log-like lines (64 KiB writes)
// as fast as its stdout takes them, with the injected value in one line of every hundred (so every write holds several).
const mb = Number(process.argv[2] ?? 200)
const secret = process.env.SECRET ?? 'not-injected-value'
const line = (i) => `2026-12-06T22:00:00.000Z info request ${i} handled in 3 ms path=/api/items/${i % 977}\n`
let block = ''
for (let i = 0; block.length < 65_536; i++) block += i % 100 === 99 ? `token=${secret}\n` : line(i)
const chunk = Buffer.from(block)
let left = Math.ceil((mb * 1024 * 1024) / chunk.length)
const write = () => {
  while (left > 0) {
    left--
    if (!process.stdout.write(chunk)) return void process.stdout.once('drain', write)
  }
}
write()
