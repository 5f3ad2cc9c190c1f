import { execFileSync } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { outsideGit, plainTopLevel, readLooseBlob } from '../../../src/core/scan/git-source.js'

const base = realpathSync(mkdtempSync(join(tmpdir(), 'secrets-top-')))
afterAll(() => rmSync(base, { recursive: true, force: true }))

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()

/** A fresh repository with a nested directory; returns its top. */
function repo(name: string): string {
  const top = join(base, name)
  mkdirSync(join(top, 'a', 'b'), { recursive: true })
  git(top, 'init', '-q')
  return top
}

describe('outsideGit: no repository can hold the directory, so git need not be asked', () => {
  it.each([
    ['a directory with no .git above', () => mkdtempSync(join(base, 'none-')), {}, true],
    ['the top of a repository', () => repo('outside-top'), {}, false],
    ['a directory inside a repository', () => join(repo('outside-below'), 'a', 'b'), {}, false],
    [
      'a directory beside a .git file (worktree, submodule)',
      () => {
        const dir = join(base, 'outside-gitfile')
        mkdirSync(dir)
        writeFileSync(join(dir, '.git'), 'gitdir: /elsewhere/.git\n')
        return dir
      },
      {},
      false,
    ],
    [
      'no .git but GIT_DIR set',
      () => mkdtempSync(join(base, 'none-env-')),
      { GIT_DIR: '/elsewhere/.git' },
      false,
    ],
    ['a missing directory (git would fail too: leave it to git)', () => join(base, 'missing'), {}, false],
  ])('%s', (_name, dir, env, expected) => {
    const path = dir()
    expect(outsideGit(path, env)).toBe(expected)
    if (expected) expect(() => git(path, 'rev-parse', '--show-toplevel')).toThrow()
  })
})

describe('plainTopLevel: the top of the work tree without a git process, or undefined', () => {
  it('agrees with git rev-parse --show-toplevel in a plain repository, from the top and below', () => {
    const top = repo('plain')
    for (const dir of [top, join(top, 'a'), join(top, 'a', 'b')]) {
      expect(plainTopLevel(dir, {})).toBe(git(dir, 'rev-parse', '--show-toplevel'))
    }
  })

  it('resolves a symbolic link as git does', () => {
    const top = repo('linked')
    const link = join(base, 'link-to-linked')
    symlinkSync(join(top, 'a'), link)
    expect(plainTopLevel(link, {})).toBe(git(link, 'rev-parse', '--show-toplevel'))
  })

  it.each([
    ['GIT_DIR set (a hook in a linked worktree)', { GIT_DIR: '/elsewhere/.git' }],
    ['GIT_WORK_TREE set', { GIT_WORK_TREE: '/elsewhere' }],
    ['GIT_CEILING_DIRECTORIES set', { GIT_CEILING_DIRECTORIES: '/' }],
  ])('leaves it to git with %s', (_name, env) => {
    expect(plainTopLevel(repo(`env-${Object.keys(env)[0]}`), env)).toBeUndefined()
  })

  it('leaves it to git for core.worktree, includes and bare repositories', () => {
    for (const [name, text] of [
      ['worktree', '[core]\n\tworktree = /elsewhere\n'],
      ['include', '[include]\n\tpath = other.config\n'],
      ['bare', '[core]\n\tbare = true\n'],
    ] as const) {
      const top = repo(`config-${name}`)
      appendFileSync(join(top, '.git', 'config'), text)
      expect(plainTopLevel(join(top, 'a'), {})).toBeUndefined()
    }
  })

  it('leaves it to git for a .git file (linked worktree, submodule) and an empty .git directory', () => {
    const withFile = join(base, 'gitfile')
    mkdirSync(withFile)
    writeFileSync(join(withFile, '.git'), 'gitdir: /elsewhere/.git/worktrees/x\n')
    expect(plainTopLevel(withFile, {})).toBeUndefined()
    const empty = join(base, 'empty-dotgit')
    mkdirSync(join(empty, '.git'), { recursive: true })
    expect(plainTopLevel(empty, {})).toBeUndefined()
  })

  it('is undefined outside any repository and for a missing directory', () => {
    expect(plainTopLevel('/', {})).toBeUndefined()
    expect(plainTopLevel(join(base, 'does-not-exist'), {})).toBeUndefined()
  })
})

describe('readLooseBlob: a staged blob without git cat-file, or undefined', () => {
  const top = repo('blobs')
  const gitDir = join(top, '.git')
  const stage = (path: string, content: string | Buffer) => {
    writeFileSync(join(top, path), content)
    git(top, 'add', path)
    return git(top, 'rev-parse', `:${path}`)
  }

  it.each([
    ['text', 'export const answer = 42\n'],
    ['no final newline', 'a\r\nb'],
    ['empty', ''],
    ['binary', Buffer.from([0, 1, 2, 255, 10, 0])],
  ])('reads a loose %s blob byte for byte as git cat-file does', (name, content) => {
    const sha = stage(`${name}.txt`, content)
    const blob = readLooseBlob(gitDir, { sha, path: `${name}.txt` }, 1024)
    const expected = execFileSync('git', ['cat-file', 'blob', sha], { cwd: top })
    expect(blob?.bytes?.equals(expected)).toBe(true)
    expect(blob?.size).toBe(expected.length)
  })

  it('leaves oversized, unknown, malformed and packed objects to cat-file', () => {
    const big = stage('big.txt', 'x'.repeat(5000))
    expect(readLooseBlob(gitDir, { sha: big, path: 'big.txt' }, 1024)).toBeUndefined()
    expect(readLooseBlob(gitDir, { sha: '0'.repeat(40), path: 'x' }, 1024)).toBeUndefined()
    expect(readLooseBlob(gitDir, { sha: '../../etc', path: 'x' }, 1024)).toBeUndefined()
    const packed = stage('packed.txt', 'packed content\n')
    git(top, '-c', 'gc.auto=0', 'repack', '-a', '-d', '-q')
    git(top, 'prune-packed')
    expect(readLooseBlob(gitDir, { sha: packed, path: 'packed.txt' }, 1024)).toBeUndefined()
  })
})
