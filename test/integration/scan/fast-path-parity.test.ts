/**
 * `secrets scan` runs on two paths: bin/run.js's start-up fast path (plain argv, no oclif)
 * and the oclif command (SECRETS_FAST_PATH=0). Both hand the parsed flags to the same
 * `runScanCommand`; this checks, invocation by invocation, that stdout, stderr and the exit
 * code are the same, including what the fast path leaves to oclif (`--staged` with
 * `--history`, `--since` without `--history`). The whole directory also runs on the oclif
 * path with `SECRETS_FAST_PATH=0 bash scripts/test.sh test/integration/scan`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli.js'
import { GITHUB_TOKEN, tempTree, type TempTree } from './scan-repo.js'

let tree: TempTree

beforeAll(async () => {
  tree = await tempTree({ git: true })
  tree.write('a.py', 'x = 1\n')
  await tree.git('add', '.')
  await tree.git('commit', '-qm', 'first')
  await tree.git('tag', 'v1')
  tree.write('config.py', `TOKEN = "${GITHUB_TOKEN}"\n`)
  await tree.git('add', '.')
  await tree.git('commit', '-qm', 'leak')
  tree.write('config.py', 'TOKEN = os.environ["TOKEN"]\n')
  await tree.git('commit', '-qam', 'remove')
})
afterAll(() => tree.remove())

/** The run's duration is the one thing two runs may differ in. */
function withoutTimes(text: unknown): string {
  return String(text)
    .replace(/ in \d+(\.\d+)?m?s\b/g, ' in <t>')
    .replace(/"durationMs":\s*\d+/g, '"durationMs":0')
}

async function bothPaths(args: string[]) {
  const run = (fast: '0' | '1') =>
    runCli(['scan', ...args], { cwd: tree.dir, env: { NO_COLOR: '1', SECRETS_FAST_PATH: fast } })
  const [fast, oclif] = [await run('1'), await run('0')]
  return {
    fast: { exitCode: fast.exitCode, stdout: withoutTimes(fast.stdout), stderr: withoutTimes(fast.stderr) },
    oclif: {
      exitCode: oclif.exitCode,
      stdout: withoutTimes(oclif.stdout),
      stderr: withoutTimes(oclif.stderr),
    },
  }
}

describe('scan: the fast path and the oclif command give the same output and exit code', () => {
  it.each([
    [['--history'], 1],
    [['--history', '--format', 'json'], 1],
    [['--history', '--format', 'sarif', '--since', 'v1', '--require-full-history'], 1],
    [['--history', '--since', 'HEAD', '--verbose'], 0],
    [['--history', '--no-baseline', '--format', 'json', '--range', 'HEAD~1..HEAD'], 0],
    [['--history', '--baseline', 'missing.json'], 5],
    [['--staged', '--history'], 2],
    [['--since', 'v1'], 2],
    [['.', '--format', 'json'], 0],
  ])(
    'scan %j',
    async (args, exitCode) => {
      const { fast, oclif } = await bothPaths(args)
      expect(fast).toEqual(oclif)
      expect(fast.exitCode).toBe(exitCode)
      if (exitCode === 2) expect(fast.stderr).toMatch(/--history|--since/)
    },
    30_000,
  )
})
