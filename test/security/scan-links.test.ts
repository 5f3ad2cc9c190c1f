/**
 * Attack: a hostile repository (or a downloaded tree) commits symbolic links that point out
 * of the tree — at the victim's SSH key and AWS credentials — and one at a FIFO. `secrets
 * scan` must read none of them: the old code followed every link inside a git work tree (it
 * opened what `git ls-files` listed), so findings from the targets appeared in its report
 * with their fingerprints in SARIF, and the link to a FIFO made the scan block forever in
 * open(2). Outside git the old walk skipped links silently (not counted), and files below its
 * depth limit of 64 vanished from the scan without a word.
 *
 * Now: files are opened with O_NOFOLLOW | O_NONBLOCK and only regular files are read, inside
 * and outside git alike; every link and special file is counted in the summary and named
 * with --verbose, and files below the depth limit are counted and named as not scanned.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { runCli } from '../helpers/cli.js'
import { GITHUB_TOKEN, tempTree, type TempTree } from '../integration/scan/scan-repo.js'

/** The victim's own files the links point at (a stand-in HOME). */
const AWS_SECRET = ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYzq8R2mVt5K'].join('/')
const AWS_KEY_ID = ['AKIA', 'Z7QK4M2XW9PLN3RT'].join('')

let tree: TempTree | undefined
let home: string | undefined
afterEach(() => {
  tree?.remove()
  if (home) rmSync(home, { recursive: true, force: true })
  tree = home = undefined
})

function victimHome(): { ssh: string; aws: string; fifo: string } {
  home = mkdtempSync(join(tmpdir(), 'secrets-victim-'))
  mkdirSync(join(home, '.ssh'))
  mkdirSync(join(home, '.aws'))
  const ssh = join(home, '.ssh', 'id_ed25519')
  // A PEM private key body the pem rule recognises.
  writeFileSync(
    ssh,
    `-----BEGIN OPENSSH PRIVATE KEY-----\n${'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW'.repeat(3)}\n-----END OPENSSH PRIVATE KEY-----\n`,
  )
  const aws = join(home, '.aws', 'credentials')
  writeFileSync(aws, `[default]\naws_access_key_id = ${AWS_KEY_ID}\naws_secret_access_key = ${AWS_SECRET}\n`)
  const fifo = join(home, 'pipe')
  return { ssh, aws, fifo }
}

async function plantLinks(dir: string): Promise<void> {
  const targets = victimHome()
  await execa('mkfifo', [targets.fifo])
  symlinkSync(targets.ssh, join(dir, 'notes.txt'))
  symlinkSync(targets.aws, join(dir, 'config.ini'))
  symlinkSync(targets.fifo, join(dir, 'stream.log'))
  // A control: a real leak in a regular file is still found.
  writeFileSync(join(dir, 'app.ts'), `export const t = "${GITHUB_TOKEN}"\n`)
}

function expectNothingFromTargets(output: unknown): void {
  const text = String(output)
  expect(text).not.toContain('aws-secret-access-key')
  expect(text).not.toContain('aws-access-key-id')
  expect(text).not.toContain('private-key')
  expect(text).not.toContain('notes.txt:')
  expect(text).not.toContain('config.ini:')
}

describe('scan never follows a symbolic link and never opens a FIFO', () => {
  it('inside git: committed links to ~/.ssh, ~/.aws/credentials and a FIFO are skipped, counted and named', async () => {
    tree = await tempTree({ git: true })
    await plantLinks(tree.dir)
    await tree.git('add', '-A')
    await tree.git('commit', '-qm', 'links')
    const started = Date.now()
    const result = await runCli(['scan', '--verbose', '--format', 'json'], { cwd: tree.dir, timeout: 20_000 })
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(result.exitCode).toBe(1) // the control leak in app.ts
    const report = JSON.parse(String(result.stdout)) as {
      findings: { path: string }[]
      stats: { skippedLinks: number; notScanned: { path: string; reason: string }[] }
    }
    expect(report.findings.map((f) => f.path)).toEqual(['app.ts'])
    expect(report.stats.skippedLinks).toBe(3)
    expect(report.stats.notScanned.map((n) => `${n.path}:${n.reason}`).sort()).toEqual([
      'config.ini:symlink',
      'notes.txt:symlink',
      'stream.log:symlink',
    ])
    expectNothingFromTargets(result.stdout)
    expect(result.stderr).toContain('3 symlinks')
    expect(result.stderr).toContain('skipped notes.txt (a symbolic link (never followed))')
    expect(result.stdout).not.toContain(AWS_SECRET.slice(-4))
  })

  it('outside git: the same links and a FIFO are skipped, counted and named the same way', async () => {
    tree = await tempTree()
    await plantLinks(tree.dir)
    await execa('mkfifo', [join(tree.dir, 'queue')])
    const result = await runCli(['scan', '--verbose'], { cwd: tree.dir, timeout: 20_000 })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/^app\.ts:1:19 {2}github-pat {2}\*{4}\w{4}$/)
    expectNothingFromTargets(result.stdout)
    expect(result.stderr).toContain('3 symlinks, 1 not regular')
    expect(result.stderr).toContain('skipped stream.log (a symbolic link (never followed))')
    expect(result.stderr).toContain('skipped queue (not a regular file (FIFO, socket or device))')
  })

  it('a link named on the command line is not followed either', async () => {
    tree = await tempTree({ git: true })
    await plantLinks(tree.dir)
    const result = await runCli(['scan', 'config.ini'], { cwd: tree.dir, timeout: 20_000 })
    expect(result.exitCode).toBe(0)
    expectNothingFromTargets(result.stdout)
    expect(result.stderr).toContain('1 symlink')
  })

  it('inside git: a directory the index still lists, replaced by a link out of the tree, is not entered', async () => {
    // The index lists .aws/credentials and keys/deep/id (committed as harmless files); the
    // work tree then has `.aws -> ~/.aws` and `keys -> ~/.ssh/..`: every path below a link
    // is a link, at any depth. (Checked per directory, once per batch: batch-scan.ts.)
    tree = await tempTree({ git: true })
    tree.write('.aws/credentials', 'placeholder\n')
    tree.write('keys/deep/id', 'placeholder\n')
    tree.write('keys/readme.md', 'placeholder\n')
    tree.write('app.ts', `export const t = "${GITHUB_TOKEN}"\n`)
    await tree.git('add', '.')
    await tree.git('commit', '-qm', 'files')
    const targets = victimHome()
    mkdirSync(join(home ?? '', 'deep'))
    writeFileSync(join(home ?? '', 'deep', 'id'), readFileSync(targets.ssh))
    writeFileSync(join(home ?? '', 'readme.md'), readFileSync(targets.aws))
    rmSync(join(tree.dir, '.aws'), { recursive: true })
    rmSync(join(tree.dir, 'keys'), { recursive: true })
    symlinkSync(join(home ?? '', '.aws'), join(tree.dir, '.aws'))
    symlinkSync(home ?? '', join(tree.dir, 'keys'))
    const result = await runCli(['scan', '--verbose'], { cwd: tree.dir, timeout: 20_000 })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/^app\.ts:1:19 {2}github-pat {2}\*{4}\w{4}$/)
    expectNothingFromTargets(result.stdout)
    // The two links themselves and the three paths below them.
    expect(result.stderr).toContain('5 symlinks')
    for (const path of ['.aws/credentials', 'keys/deep/id', 'keys/readme.md'])
      expect(result.stderr).toContain(`skipped ${path} (a symbolic link (never followed))`)
  })

  it('outside git: files below the depth limit are counted and named as not scanned', async () => {
    tree = await tempTree()
    const deep = Array.from({ length: 70 }, (_, i) => `d${i}`).join('/')
    tree.write(`${deep}/leak.ts`, `export const t = "${GITHUB_TOKEN}"\n`)
    const result = await runCli(['scan', '--verbose'], { cwd: tree.dir, timeout: 20_000 })
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toContain('1 too deep')
    expect(result.stderr).toContain(`skipped ${deep}/leak.ts (below the directory depth limit of the walk)`)
  })
})
