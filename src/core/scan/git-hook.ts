import { chmod, mkdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
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
}

export interface HookResult {
  hookPath: string
  /** Set when an existing hook was kept (install) or restored (uninstall). */
  chainedPath?: string
  alreadyInstalled?: boolean
}

/** The hooks directory git uses for this repository (core.hooksPath respected). */
export async function hooksDir(cwd: string): Promise<string> {
  if (!(await gitTopLevel(cwd)))
    throw new UsageError('Not inside a git repository.', {
      hint: 'Run `secrets hook install` inside your repository.',
    })
  const out = (await runGit(cwd, ['rev-parse', '--git-path', 'hooks'])).toString('utf8').trim()
  return resolve(cwd, out)
}

/** Single-quotes `value` for POSIX sh. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** The pre-commit script: run a kept hook first, then `secrets scan --staged`. */
export function hookScript(command: readonly string[], options: { knownValues?: boolean } = {}): string {
  const entry = command.at(-1) ?? ''
  const scan = options.knownValues ? 'scan --staged --known-values' : 'scan --staged'
  return `#!/bin/sh
${HOOK_MARKER}: installed by \`secrets hook install\`; \`secrets hook uninstall\` removes it
# and restores the hook that was here before (kept as ${CHAINED}).
hook_dir=$(dirname "$0")
if [ -x "$hook_dir/${CHAINED}" ]; then
  "$hook_dir/${CHAINED}" "$@" || exit $?
fi
if [ -f ${shellQuote(entry)} ]; then
  set -- ${command.map(shellQuote).join(' ')}
elif command -v secrets >/dev/null 2>&1; then
  set -- secrets
else
  echo "secrets: the pre-commit hook cannot find the secrets CLI; reinstall it with \\\`secrets hook install\\\`." >&2
  exit 1
fi
baseline=$(git rev-parse --show-toplevel)/.secrets-baseline.json
if [ -f "$baseline" ]; then
  "$@" ${scan} --baseline "$baseline"
else
  "$@" ${scan}
fi
status=$?
if [ "$status" -eq 1 ]; then
  cat >&2 <<'EOF_HELP'

Commit blocked: the staged changes contain secrets (listed above, redacted).
  - Remove the secret, load it at run time instead (\`secrets run\`), and revoke it if it was real.
  - False positive? Add a \`secrets:allow\` comment on that line, or allow the path or rule
    under "scan" in .secretsrc.json, or record it in .secrets-baseline.json with
    \`secrets scan --staged --write-baseline .secrets-baseline.json\`.
  - To bypass the hook once: git commit --no-verify
EOF_HELP
fi
exit $status
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
  const dir = await hooksDir(input.cwd)
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
  await writeFileAtomic(hookPath, hookScript(input.command, { knownValues: input.knownValues === true }), {
    mode: 0o755,
  })
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
