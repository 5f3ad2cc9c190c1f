// Same findings before and after a change to the history reader: runs `scan --history
// --no-baseline --format json` with two builds on each repository and compares the reports
// (findings sorted, stats and coverage without `durationMs`). With no repository given, it
// builds a synthetic history with planted secrets across commits (every rule of
// secret-samples.mjs, in files small and large, spanning cat-file's 64 KB pipe chunks, an
// oversized and a binary blob, a secret moved, copied, deleted, and added on a side branch
// merged back) and also checks a local clone of this repository.
//   node bench/scan/history-identity.mjs BEFORE_DIR AFTER_DIR [REPO...]
// BEFORE_DIR/AFTER_DIR hold a built CLI (bin/run.js, dist/). Exit 1 when any report differs.
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { SAMPLES, rng, sampleFor } from './secret-samples.mjs'

const [before, after, ...repos] = process.argv.slice(2).map((p) => resolve(p))
if (!before || !after) {
  console.error('usage: node bench/scan/history-identity.mjs BEFORE_DIR AFTER_DIR [REPO...]')
  process.exit(2)
}
const root = resolve(import.meta.dirname, '../..')
const work = join(root, 'bench/.work/history-identity')
const git = (cwd, ...args) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

function synthetic() {
  const dir = join(work, 'synthetic')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  git(dir, 'init', '-q', '-b', 'main')
  git(dir, 'config', 'user.name', 'Bench')
  git(dir, 'config', 'user.email', 'bench@example.org')
  const r = rng(22)
  let when = Date.parse('2024-01-01T00:00:00Z') / 1000
  const commit = (message) => {
    when += 3600
    const date = `${when} +0000`
    execFileSync('git', ['add', '-A'], { cwd: dir })
    execFileSync('git', ['commit', '-qm', message, '--no-verify'], {
      cwd: dir,
      env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    })
  }
  const write = (path, text) => {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  const filler = (lines) =>
    Array.from({ length: lines }, (_, i) => `export const value${i} = ${i} // ${'x'.repeat(i % 90)}`).join(
      '\n',
    )
  const rules = Object.keys(SAMPLES)
  // One file per rule, some padded past a 64 KB pipe chunk, in batches of commits.
  rules.forEach((rule, i) => {
    const { text } = sampleFor(rule, r)
    const pad = i % 3 === 0 ? filler(1500 + i) : filler(i % 20)
    write(`src/${rule}.txt`, i % 2 ? `${pad}\n${text}\n` : `${text}\n${pad}\n`)
    if (i % 10 === 9) commit(`add ${rule} and others`)
  })
  commit('the rest')
  // Edits: secrets removed, moved, copied; a second version of some files.
  rules.forEach((rule, i) => {
    if (i % 4 === 0) write(`src/${rule}.txt`, filler(30))
    else if (i % 4 === 1) write(`moved/${rule}.txt`, `${filler(5)}\n${sampleFor(rule, r).text}\n`)
  })
  write('big.bin', Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256)))
  write('oversized.txt', `${sampleFor('github-pat', r).text}\n${'a'.repeat(2 * 1024 * 1024)}\n`)
  commit('rework')
  git(dir, 'checkout', '-q', '-b', 'side')
  write(
    'side/leak.env',
    `${sampleFor('aws-access-key-id', r).text}\n${sampleFor('stripe-secret-key', r).text}\n`,
  )
  commit('side leak')
  git(dir, 'checkout', '-q', 'main')
  write('main-only.txt', `${sampleFor('slack-bot-token', r).text}\n`)
  commit('main leak')
  git(dir, 'merge', '-q', '--no-edit', '--no-ff', 'side')
  git(dir, 'rm', '-q', '-r', 'side')
  commit('delete the side leak')
  return dir
}

function report(cli, repo) {
  let out
  try {
    out = execFileSync(
      'node',
      [join(cli, 'bin/run.js'), 'scan', '--history', '--no-baseline', '--format', 'json'],
      {
        cwd: repo,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        maxBuffer: 1 << 28,
      },
    )
  } catch (error) {
    out = error.stdout
  }
  const json = JSON.parse(out)
  delete json.stats.durationMs
  const key = (f) => JSON.stringify([f.path, f.line, f.column, f.ruleId, f.commit?.sha ?? '', f.fingerprint])
  json.findings.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
  return json
}

if (repos.length === 0) {
  const self = join(work, 'self')
  rmSync(self, { recursive: true, force: true })
  git(
    root,
    'clone',
    '-q',
    '--no-local',
    git(root, 'rev-parse', '--path-format=absolute', '--git-common-dir').trim(),
    self,
  )
  repos.push(synthetic(), self)
}
let differ = 0
for (const repo of repos) {
  const a = JSON.stringify(report(before, repo), null, 1)
  const b = JSON.stringify(report(after, repo), null, 1)
  const { findings, stats } = JSON.parse(b)
  const same = a === b
  if (!same) {
    differ++
    writeFileSync(join(work, 'before.json'), a)
    writeFileSync(join(work, 'after.json'), b)
  }
  console.log(
    `${same ? 'same' : 'DIFFERENT'}: ${repo}: ${findings.length} findings, ${stats.files} blobs scanned, ${stats.skippedBinary} binary, ${stats.skippedOversized} oversized, ${stats.skippedUnreadable} unreadable`,
  )
}
if (differ) console.log(`reports written to ${work}/before.json and after.json`)
process.exit(differ ? 1 : 0)
