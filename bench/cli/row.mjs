// One markdown row from a hyperfine JSON export of [node -e 0, command]: wall and CPU
// (user+sys) means, and the command's overhead over `node -e 0` measured in the same run.
import { readFileSync } from 'node:fs'

const [base, cmd] = JSON.parse(readFileSync(process.argv[2], 'utf8')).results
const ms = (s) => (s * 1000).toFixed(0)
const cpu = (r) => r.user + r.system
console.log(
  `| \`${cmd.command}\` | ${ms(cmd.mean)} ± ${ms(cmd.stddev)} | ${ms(base.mean)} | **+${ms(cmd.mean - base.mean)}** | ${ms(cpu(cmd))} | ${ms(cpu(base))} | **+${ms(cpu(cmd) - cpu(base))}** |`,
)
