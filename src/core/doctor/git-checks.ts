import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { HOOK_MARKER, installHook, withTokenChecksum } from '../scan/index.js'
import { result, runCommand, type CheckResult } from './check.js'

/** git with no user or system config: what a throwaway repository must not inherit. */
function isolatedGitEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'secrets doctor',
    GIT_AUTHOR_EMAIL: 'doctor@example.invalid',
    GIT_COMMITTER_NAME: 'secrets doctor',
    GIT_COMMITTER_EMAIL: 'doctor@example.invalid',
    NO_COLOR: '1',
  }
}

const git = (cwd: string, args: string[], env?: NodeJS.ProcessEnv) =>
  runCommand('git', args, { cwd, env, timeoutMs: 10_000 })

/** The tool that usually sets core.hooksPath, for the message. */
function hooksPathOwner(path: string): string {
  if (/\.husky/.test(path)) return ' (husky)'
  if (/lefthook/.test(path)) return ' (lefthook)'
  return ''
}

/**
 * The pre-commit hook of the repository around `cwd`: installed where git looks (core.hooksPath
 * respected), chained to a previous hook, or shadowed: ours sits in .git/hooks while
 * core.hooksPath (husky, lefthook) sends git elsewhere, so it never runs.
 */
export async function checkHook(cwd: string): Promise<CheckResult> {
  const top = await git(cwd, ['rev-parse', '--show-toplevel'])
  if (top.code !== 0) return result('hook', 'ok', `${cwd} is not in a git repository: no hook to check`)
  const effective = resolve(cwd, (await git(cwd, ['rev-parse', '--git-path', 'hooks'])).stdout.trim())
  const common = resolve(cwd, (await git(cwd, ['rev-parse', '--git-common-dir'])).stdout.trim())
  const fallback = join(common, 'hooks')
  const hooksPath = (await git(cwd, ['config', '--get', 'core.hooksPath'])).stdout.trim()
  const read = (p: string) => readFile(p, 'utf8').catch(() => undefined)
  const hook = await read(join(effective, 'pre-commit'))
  if (hook?.includes(HOOK_MARKER)) {
    const chained = (await read(join(effective, 'pre-commit.secrets-chained'))) !== undefined
    return result(
      'hook',
      'ok',
      `installed at ${join(effective, 'pre-commit')}${chained ? ', chained after the previous hook' : ''}`,
    )
  }
  if (hook && /secrets\s+scan\s+--staged/.test(hook))
    return result('hook', 'ok', `${join(effective, 'pre-commit')} runs \`secrets scan --staged\``)
  const ours = effective !== fallback ? await read(join(fallback, 'pre-commit')) : undefined
  if (ours?.includes(HOOK_MARKER))
    return result(
      'hook',
      'fail',
      `shadowed: the hook in ${fallback} never runs, core.hooksPath=${hooksPath}${hooksPathOwner(hooksPath)} sends git to ${effective}`,
      `Run \`secrets hook install\` again (it installs into ${effective} and chains its pre-commit), or call \`secrets scan --staged\` from that tool's pre-commit.`,
    )
  return result('hook', 'warn', `no secrets pre-commit hook in ${top.stdout.trim()}`, 'secrets hook install')
}

/**
 * The canary: a throwaway repository (no user or system git config) with this CLI's hook
 * installed as `secrets hook install` would, and a planted test secret (a well-formed GitHub
 * token that is no one's, generated now) staged: the commit must be refused. Removed after.
 */
export async function checkCanary(command: readonly string[]): Promise<CheckResult> {
  const dir = await mkdtemp(join(tmpdir(), 'secrets-doctor-canary-'))
  try {
    const env = isolatedGitEnv(dir)
    const init = await git(dir, ['init', '-q'], env)
    if (init.code !== 0)
      return result(
        'canary',
        'fail',
        `git init failed: ${(init.stderr || init.error || '').trim()}`,
        'Install git.',
      )
    await installHook({ cwd: dir, command })
    const token = withTokenChecksum(
      'ghp_',
      randomBytes(22).toString('base64url').replace(/[-_]/g, 'x').slice(0, 30),
    )
    await writeFile(join(dir, 'canary.ts'), `export const token = '${token}'\n`)
    await git(dir, ['add', 'canary.ts'], env)
    const commit = await git(dir, ['commit', '-q', '-m', 'canary'], env)
    const output = `${commit.stdout}${commit.stderr}`
    if (output.includes(token))
      return result(
        'canary',
        'fail',
        'the hook printed the planted secret unredacted',
        'Report this: the hook must never print a secret.',
      )
    if (commit.code === 0)
      return result(
        'canary',
        'fail',
        'a commit with a planted test secret went through the installed hook',
        'Reinstall secrets, then `secrets hook install` in your repositories.',
      )
    if (!/Commit blocked/.test(output))
      return result(
        'canary',
        'fail',
        `the hook failed for another reason: ${output.trim().split('\n')[0]}`,
        'Run `secrets scan --staged` in a repository to see the error.',
      )
    return result('canary', 'ok', 'a planted test secret was blocked by the installed hook command')
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
