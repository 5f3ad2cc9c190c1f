import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli.js'
import { GITHUB_TOKEN, STRIPE_KEY, tempTree, type TempTree } from './scan-repo.js'

// History scans say what they did not read: shallow clones, missing blobs, partial clones,
// and a PR range. Every repository is built here (git init, file:// clones); no network.

/** Each test runs the CLI 6-8 times on a shared machine. */
const SLOW = 180_000

const trees: TempTree[] = []
afterEach(() => {
  for (const t of trees.splice(0)) t.remove()
})
async function repo(): Promise<TempTree> {
  const t = await tempTree({ git: true })
  trees.push(t)
  return t
}

const scan = (args: string[], cwd: string) =>
  runCli(['scan', ...args], { cwd, env: { NO_COLOR: '1', GIT_CONFIG_NOSYSTEM: '1', HOME: cwd } })

/** A repository whose first commit leaks a GitHub token, removed by the second, then `clean` more commits. */
async function leakyRepo(clean: number): Promise<{ origin: TempTree; leak: string }> {
  const origin = await repo()
  origin.write('config.py', `TOKEN = "${GITHUB_TOKEN}"\n`)
  await origin.git('add', '.')
  await origin.git('commit', '-qm', 'leak')
  const leak = (await origin.git('rev-parse', 'HEAD')).trim()
  origin.write('config.py', 'TOKEN = os.environ["TOKEN"]\n')
  await origin.git('commit', '-qam', 'remove the token')
  for (let i = 0; i < clean; i++) {
    origin.write(`notes/${i}.txt`, `note ${i}\n`)
    await origin.git('add', '.')
    await origin.git('commit', '-qm', `note ${i}`)
  }
  await origin.git('config', 'uploadpack.allowFilter', 'true')
  return { origin, leak }
}

let clones = 0
/** `git clone ARGS file://ORIGIN` into a new temp dir, through an upload-pack that counts its runs. */
async function cloneOf(
  origin: TempTree,
  args: string[],
): Promise<{ clone: TempTree; fetches: () => number }> {
  const clone = await tempTree()
  trees.push(clone)
  const counter = join(origin.dir, '.git', `fetches-${++clones}`)
  const wrapper = `${counter}.sh`
  writeFileSync(wrapper, `#!/bin/sh\necho fetch >> '${counter}'\nexec git-upload-pack "$@"\n`)
  chmodSync(wrapper, 0o755)
  await clone.git('clone', '-q', ...args, '-u', wrapper, `file://${origin.dir}`, '.')
  await clone.git('config', 'remote.origin.uploadpack', wrapper)
  const fetches = () =>
    existsSync(counter) ? readFileSync(counter, 'utf8').split('\n').filter(Boolean).length : 0
  return { clone, fetches }
}

describe('secrets scan --history in a shallow clone', () => {
  it(
    'says the history is truncated, where, and how to get the rest; --require-full-history exits 5',
    async () => {
      const { origin } = await leakyRepo(3)
      const { clone } = await cloneOf(origin, ['--depth', '3'])
      const boundary = (await clone.git('rev-parse', 'HEAD~2')).trim()

      const full = await scan(['--history'], origin.dir)
      expect(full.exitCode).toBe(1)

      const text = await scan(['--history'], clone.dir)
      expect(text.exitCode).toBe(0) // exit codes stay as documented: nothing found
      const stderr = String(text.stderr)
      expect(stderr).toContain(
        `history is truncated (shallow clone): commits before ${boundary.slice(0, 12)}`,
      )
      expect(stderr).toContain('git fetch --unshallow')
      expect(stderr).toContain('fetch-depth: 0')
      // Before the summary line, so no one stops reading at "0 findings".
      expect(stderr.indexOf('history is truncated')).toBeLessThan(stderr.indexOf('secrets scan: scanned'))

      const json = await scan(['--history', '--format', 'json'], clone.dir)
      expect(JSON.parse(String(json.stdout)).coverage).toEqual({
        complete: false,
        revisions: '--all',
        truncatedAt: [boundary],
        unreadable: [],
      })
      const sarif = JSON.parse(String((await scan(['--history', '--format', 'sarif'], clone.dir)).stdout))
      const invocation = sarif.runs[0].invocations[0]
      expect(invocation.executionSuccessful).toBe(true)
      expect(invocation.properties).toMatchObject({ historyComplete: false, truncatedAt: [boundary] })
      expect(invocation.toolExecutionNotifications[0]).toMatchObject({
        descriptor: { id: 'history-truncated' },
        level: 'warning',
      })

      const strict = await scan(['--history', '--require-full-history'], clone.dir)
      expect(strict.exitCode).toBe(5)
      expect(String(strict.stderr)).toContain('git fetch --unshallow')
      // A full clone passes the same check.
      const fullStrict = await scan(
        ['--history', '--require-full-history'],
        (await cloneOf(origin, [])).clone.dir,
      )
      expect(fullStrict.exitCode).toBe(1)
      expect(String(fullStrict.stderr)).not.toContain('truncated')
    },
    SLOW,
  )
})

describe('secrets scan --history with a blob missing from the object store', () => {
  it(
    'counts it as unreadable and names it (--verbose, JSON, SARIF); never silent',
    async () => {
      const t = await repo()
      t.write('config.py', `TOKEN = "${GITHUB_TOKEN}"\n`)
      t.write('ok.txt', 'fine\n')
      await t.git('add', '.')
      await t.git('commit', '-qm', 'leak')
      const commit = (await t.git('rev-parse', 'HEAD')).trim()
      const blob = (await t.git('rev-parse', 'HEAD:config.py')).trim()
      t.write('config.py', 'TOKEN = os.environ["TOKEN"]\n')
      await t.git('commit', '-qam', 'fix')
      rmSync(join(t.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2))) // loose objects: deleted

      const text = await scan(['--history'], t.dir)
      expect(text.exitCode).toBe(0)
      expect(String(text.stderr)).toContain('1 blob is missing from the object store and was not scanned')
      expect(String(text.stderr)).toContain('1 unreadable')
      expect(String(text.stderr)).toContain('--verbose')

      const verbose = await scan(['--history', '--verbose'], t.dir)
      expect(String(verbose.stderr)).toContain(
        `not scanned: config.py (blob ${blob.slice(0, 12)}, commit ${commit.slice(0, 12)}): missing from the object store`,
      )

      const json = JSON.parse(String((await scan(['--history', '--format', 'json'], t.dir)).stdout))
      expect(json.stats.skippedUnreadable).toBe(1)
      expect(json.coverage).toMatchObject({
        complete: false,
        unreadable: [{ path: 'config.py', blob, commit, reason: 'missing' }],
      })
      const sarif = JSON.parse(String((await scan(['--history', '--format', 'sarif'], t.dir)).stdout))
      const notes = sarif.runs[0].invocations[0].toolExecutionNotifications
      expect(notes).toContainEqual(
        expect.objectContaining({
          descriptor: { id: 'blob-missing' },
          locations: [
            { physicalLocation: { artifactLocation: { uri: 'config.py', uriBaseId: '%SRCROOT%' } } },
          ],
        }),
      )
      expect((await scan(['--history', '--require-full-history'], t.dir)).exitCode).toBe(5)
    },
    SLOW,
  )
})

describe('secrets scan --history in a partial clone (file:// promisor remote)', () => {
  it(
    'never fetches blob by blob: reports them unscanned, or fetches them once with --fetch-missing',
    async () => {
      const { origin, leak } = await leakyRepo(2)
      const { clone, fetches } = await cloneOf(origin, ['--filter=blob:none', '--no-checkout'])
      expect(fetches()).toBe(1) // the clone itself

      const json = await scan(['--history', '--format', 'json'], clone.dir)
      expect(json.exitCode).toBe(0)
      expect(fetches()).toBe(1) // no lazy fetch
      const coverage = JSON.parse(String(json.stdout)).coverage
      expect(coverage.partialClone).toEqual({ remote: 'origin', fetched: 0 })
      expect(coverage.unreadable).toHaveLength(4) // config.py twice, two notes
      expect(coverage.unreadable).toContainEqual(
        expect.objectContaining({ path: 'config.py', commit: leak, reason: 'not-fetched' }),
      )
      expect(String(json.stderr)).toContain('4 blobs are not in this partial clone (promisor remote origin)')
      expect(String(json.stderr)).toContain('--fetch-missing')

      const fetched = await scan(['--history', '--fetch-missing', '--format', 'json'], clone.dir)
      expect(fetched.exitCode).toBe(1)
      expect(fetches()).toBe(2) // one batch for all four blobs
      const report = JSON.parse(String(fetched.stdout))
      expect(report.findings).toMatchObject([{ ruleId: 'github-pat', commit: { sha: leak } }])
      expect(report.coverage).toMatchObject({ complete: true, partialClone: { fetched: 4 }, unreadable: [] })
      expect(fetched.stdout).not.toContain(GITHUB_TOKEN)

      // Now local: nothing more to fetch.
      expect((await scan(['--history', '--require-full-history'], clone.dir)).exitCode).toBe(1)
      expect(fetches()).toBe(2)
    },
    SLOW,
  )
})

describe('secrets scan --history --range BASE..HEAD', () => {
  it(
    'scans only the blobs the range introduced: excludes or includes the leaking commit',
    async () => {
      const t = await repo()
      t.write('README.md', 'hello\n')
      await t.git('add', '.')
      await t.git('commit', '-qm', 'base')
      const base = (await t.git('rev-parse', 'HEAD')).trim()
      t.write('pay.ts', `const k = "${STRIPE_KEY}"\n`)
      await t.git('add', '.')
      await t.git('commit', '-qm', 'leak')
      const leak = (await t.git('rev-parse', 'HEAD')).trim()
      t.write('pay.ts', 'const k = process.env.STRIPE_KEY\n')
      await t.git('commit', '-qam', 'fix')
      t.write('docs.md', 'more\n')
      await t.git('add', '.')
      await t.git('commit', '-qm', 'docs')

      const including = await scan(['--history', '--range', `${base}..HEAD`, '--format', 'json'], t.dir)
      expect(including.exitCode).toBe(1)
      const inc = JSON.parse(String(including.stdout))
      expect(inc.findings).toMatchObject([{ ruleId: 'stripe-secret-key', commit: { sha: leak } }])
      expect(inc.stats.files).toBe(3) // pay.ts twice, docs.md: README.md is the base's
      expect(inc.coverage.revisions).toBe(`${base}..HEAD`)

      const excluding = await scan(['--history', '--range', `${leak}..HEAD`, '--format', 'json'], t.dir)
      expect(excluding.exitCode).toBe(0)
      expect(JSON.parse(String(excluding.stdout)).stats.files).toBe(2)

      for (const bad of ['HEAD', 'a...b', '--all..HEAD'])
        expect((await scan(['--history', '--range', bad], t.dir)).exitCode).toBe(2)
      expect((await scan(['--history', '--range', 'no-such..HEAD'], t.dir)).exitCode).toBe(2)
      expect((await scan(['--range', `${base}..HEAD`], t.dir)).exitCode).toBe(2) // needs --history
    },
    SLOW,
  )

  it(
    'in a shallow clone: passes --require-full-history when deep enough, says how to fetch the base when not',
    async () => {
      const { origin } = await leakyRepo(3)
      const { clone } = await cloneOf(origin, ['--depth', '3'])
      // HEAD~2 is the shallow boundary: the range HEAD~2..HEAD is all there.
      const result = await scan(['--history', '--range', 'HEAD~2..HEAD', '--require-full-history'], clone.dir)
      expect(result.exitCode).toBe(0)
      expect(String(result.stderr)).not.toContain('truncated')
      // The base is beyond the boundary: a usage error that says to fetch more history.
      const deep = await scan(['--history', '--range', 'HEAD~3..HEAD'], clone.dir)
      expect(deep.exitCode).toBe(2)
      expect(String(deep.stderr)).toContain('fetch-depth: 0')
    },
    SLOW,
  )
})
