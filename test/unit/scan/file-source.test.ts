import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { listFiles } from '../../../src/core/scan/file-source.js'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A directory outside any git work tree holding `files` (path → content). */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'scan-list-'))
  dirs.push(dir)
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  return dir
}

describe('listFiles', () => {
  it.each([
    ['one file', 1],
    ['less than a chunk', 40],
    ['several chunks', 300],
  ])('hands every listed file to onFiles exactly once (%s)', async (_name, count) => {
    const files: Record<string, string> = { '.gitignore': 'ignored/\n*.log\n' }
    for (let i = 0; i < count; i++) files[`d${i % 7}/sub${i % 3}/f${i}.txt`] = 'x'
    files['ignored/secret.txt'] = 'x'
    files['d0/noise.log'] = 'x'
    const chunks: string[][] = []
    const listed = await listFiles(tree(files), (paths) => chunks.push([...paths]))
    expect(listed).toHaveLength(count + 1)
    expect(listed).toContain('.gitignore')
    expect(listed).not.toContain('ignored/secret.txt')
    expect(listed).not.toContain('d0/noise.log')
    expect(chunks.flat().sort()).toEqual(listed)
    expect(listed).toEqual([...listed].sort())
  })

  it('lists a tree without a callback', async () => {
    expect(await listFiles(tree({ 'a/b.txt': 'x', 'c.txt': 'y' }))).toEqual(['a/b.txt', 'c.txt'])
  })
})
