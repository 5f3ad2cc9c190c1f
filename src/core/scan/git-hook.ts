import { chmod, mkdir, readFile, realpath, rename, rm, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { writeFileAtomic } from '../../shared/atomic-file.js'
import { UsageError } from '../../shared/errors.js'
import { gitTopLevel, runGit } from './git-source.js'

/** First lines of our hook; a hook without it belongs to someone else and is never deleted. */
export const HOOK_MARKER = '# secrets-hook v1'
const CHAINED = 'pre-commit.secrets-chained'

export interface HookInput {
  /** Any directory inside the repository. */
  cwd: string
  /** How the hook starts this CLI: `[node, /abs/bin/run.js]`. */
  command: readonly string[]
  /** The hook also looks for the project's own current values (`scan --known-values`). */
  knownValues?: boolean
  /**
   * The hooks directory is inside the work tree (`core.hooksPath=.husky`): write the hook
   * there anyway, calling `secrets` from PATH only (no absolute path of this clone in a
   * file that is committed). Without it, install refuses and names the line to add.
   */
  inTree?: boolean
}

/** The one line a hook in the work tree (husky, lefthook, a committed hooks dir) adds. */
export const HOOK_LINE = 'secrets scan --staged'

/** Why install did not write: the hooks directory is committed with the work tree. */
export interface HookAdvice {
  hooksDir: string
  line: string
}

export interface HookResult {
  hookPath: string
  /** Set when an existing hook was kept (install) or restored (uninstall). */
  chainedPath?: string
  alreadyInstalled?: boolean
}

/** The hooks directory git uses for this repository (core.hooksPath respected), and the work tree's top. */
export async function hooksDir(cwd: string): Promise<string> {
  return (await hooksLocation(cwd)).dir
}

async function hooksLocation(cwd: string): Promise<{ dir: string; top: string }> {
  const top = await gitTopLevel(cwd)
  if (!top)
    throw new UsageError('Not inside a git repository.', {
      hint: 'Run `secrets hook install` inside your repository.',
    })
  const out = (await runGit(cwd, ['rev-parse', '--git-path', 'hooks'])).toString('utf8').trim()
  const dir = resolve(cwd, out)
  return { dir: await realpath(dir).catch(() => dir), top }
}

/** True when `dir` is inside the work tree `top` (and so may be committed), `.git` excluded. */
function inWorkTree(top: string, dir: string): boolean {
  const rel = relative(top, dir)
  if (rel === '') return true
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return false
  return rel.split(sep)[0] !== '.git'
}

/** Single-quotes `value` for POSIX sh. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/**
 * The pre-commit script: run a kept hook first, then `secrets scan --staged` (which applies
 * .secrets-baseline.json at the top by itself and prints the one set of advice on a blocked
 * commit). `command` is how to start this CLI by absolute path; an empty one (a hook in the
 * work tree) calls `secrets` from PATH only.
 */
export function hookScript(command: readonly string[], options: { knownValues?: boolean } = {}): string {
  const entry = command.at(-1) ?? ''
  const scan = options.knownValues ? 'scan --staged --known-values' : 'scan --staged'
  const find =
    command.length > 0
      ? `if [ -f ${shellQuote(entry)} ]; then
  set -- ${command.map(shellQuote).join(' ')}
elif command -v secrets >/dev/null 2>&1; then
  set -- secrets
else`
      : `if command -v secrets >/dev/null 2>&1; then
  set -- secrets
else`
  return `#!/bin/sh
${HOOK_MARKER}: installed by \`secrets hook install\`; \`secrets hook uninstall\` removes it
# and restores the hook that was here before (kept as ${CHAINED}).
hook_dir=$(dirname "$0")
if [ -x "$hook_dir/${CHAINED}" ]; then
  "$hook_dir/${CHAINED}" "$@" || exit $?
fi
${find}
  echo "secrets: the pre-commit hook cannot find the secrets CLI; reinstall it with \\\`secrets hook install\\\`." >&2
  exit 1
fi
exec "$@" ${scan}
`
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}

/** Installs the pre-commit hook, keeping (and chaining) any hook that was there. */
export async function installHook(input: HookInput): Promise<HookResult> {
  const { dir, top } = await hooksLocation(input.cwd)
  const committed = inWorkTree(top, dir)
  if (committed && !input.inTree) {
    const shown = relative(top, dir).split(sep).join('/') || '.'
    throw new UsageError(
      `The hooks directory ${shown} (core.hooksPath) is inside the work tree, so a hook written there is committed; nothing was written.`,
      {
        hint: `Add this line to ${shown}/pre-commit (husky, lefthook and the like run it): ${HOOK_LINE}   (or run \`secrets hook install --in-tree\` to write a hook there that calls \`secrets\` from PATH).`,
        code: 'HooksPathInWorkTree',
      },
    )
  }
  await mkdir(dir, { recursive: true })
  const hookPath = join(dir, 'pre-commit')
  const chainedPath = join(dir, CHAINED)
  let chained = await exists(chainedPath)
  let alreadyInstalled = false
  if (await exists(hookPath)) {
    const current = await readFile(hookPath, 'utf8')
    if (current.includes(HOOK_MARKER)) {
      alreadyInstalled = true
    } else {
      if (chained)
        throw new UsageError(`Both ${hookPath} and ${chainedPath} exist; refusing to overwrite either.`, {
          hint: `Merge or remove one of them, then run \`secrets hook install\` again.`,
        })
      await rename(hookPath, chainedPath)
      chained = true
    }
  }
  // Never an absolute path of this clone in a file the work tree holds.
  await writeFileAtomic(
    hookPath,
    hookScript(committed ? [] : input.command, { knownValues: input.knownValues === true }),
    { mode: 0o755 },
  )
  await chmod(hookPath, 0o755)
  return { hookPath, ...(chained ? { chainedPath } : {}), ...(alreadyInstalled ? { alreadyInstalled } : {}) }
}

/** Removes our hook and restores the one it chained, if any; refuses to touch foreign hooks. */
export async function uninstallHook(input: Pick<HookInput, 'cwd'>): Promise<HookResult> {
  const dir = await hooksDir(input.cwd)
  const hookPath = join(dir, 'pre-commit')
  const chainedPath = join(dir, CHAINED)
  const current = await readFile(hookPath, 'utf8').catch(() => undefined)
  if (current === undefined || !current.includes(HOOK_MARKER))
    throw new UsageError(`No secrets pre-commit hook is installed at ${hookPath}.`, {
      hint:
        current === undefined ? 'Nothing to do.' : 'That hook was not written by secrets; edit it by hand.',
    })
  await rm(hookPath)
  if (await exists(chainedPath)) {
    await rename(chainedPath, hookPath)
    return { hookPath, chainedPath }
  }
  return { hookPath }
}
