import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { execa } from 'execa'
import { withTokenChecksum } from '../../../src/core/scan/engine/index.js'

/** Test secrets, assembled at run time so this repository's own scan stays clean. */
export const GITHUB_TOKEN = withTokenChecksum('ghp_', 'Zq8R2mVt5Kc9Lw3Nx7Pb1Hd6Fj4Gs0')
export const STRIPE_KEY = ['sk', 'live', 'Q8rT2mVx5Kc9Lw3Nz7Pb1Hd6Fj4Gs0Yy'].join('_')

/** A temp directory (optionally a git repo with an identity); remove() deletes it. */
export interface TempTree {
  dir: string
  write(path: string, content: string | Buffer, mode?: number): void
  git(...args: string[]): Promise<string>
  remove(): void
}

/** Makes a temp tree; with `git: true` it is a repository with user.name/email set. */
export async function tempTree(options: { git?: boolean } = {}): Promise<TempTree> {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-scan-'))
  const git = async (...args: string[]) =>
    (await execa('git', args, { cwd: dir, env: { GIT_CONFIG_NOSYSTEM: '1', HOME: dir } })).stdout
  if (options.git) {
    await git('init', '-q', '-b', 'main')
    await git('config', 'user.name', 'Test Author')
    await git('config', 'user.email', 'author@example.org')
    await git('config', 'commit.gpgsign', 'false')
  }
  return {
    dir,
    git,
    write(path, content, mode) {
      const abs = join(dir, path)
      mkdirSync(dirname(abs), { recursive: true })
      writeFileSync(abs, content)
      if (mode !== undefined) chmodSync(abs, mode)
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
